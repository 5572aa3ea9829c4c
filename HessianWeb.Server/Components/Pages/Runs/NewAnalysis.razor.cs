using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using CheckpointNames = HessianWeb.Shared.Runs.Checkpoints;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class NewAnalysis
{
    [Inject] RunAnalyses Analyses { get; set; } = default!;
    [Inject] ILogger<NewAnalysis> Logger { get; set; } = default!;

    // The run page offers this form only to those who may launch work; the request checks again.
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    [Parameter, EditorRequired] public Guid RunId { get; set; }
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;

    /// <summary>The checkpoints whose weights were saved, in training order.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Checkpoints { get; set; } = [];

    string? pickedCheckpoint;
    bool? pickedDecomposition;
    bool requesting;
    bool accepted;
    string? message;

    // On unless switched off: H = G + R side by side is what a second look is usually for (docs/paper.md claim 4).
    bool decomposition
    {
        get => pickedDecomposition ?? true;
        set => pickedDecomposition = value;
    }

    /// <summary>The end of training unless another is picked: the state the run finished in.</summary>
    string? checkpoint
    {
        get => pickedCheckpoint is { } picked && Checkpoints.Contains(picked) ? picked
            : Checkpoints.Contains(CheckpointNames.End) ? CheckpointNames.End : Checkpoints.LastOrDefault();
        set => pickedCheckpoint = value;
    }

    async Task AnalyseAsync()
    {
        if (checkpoint is null) return;
        var user = (await Auth).User;
        if (!user.CanLaunch())
        {
            accepted = false;
            message = user.Refusal("request analyses");
            return;
        }
        requesting = true;
        message = null;
        try
        {
            // The run's own settings unless the switch asks otherwise.
            var analysis = decomposition == Spec.Analysis.Decomposition ? null : Spec.Analysis with { Decomposition = decomposition };
            var result = await Analyses.RequestAsync(RunId, checkpoint, analysis, CancellationToken.None);
            accepted = result.Accepted;
            message = result.Accepted
                ? $"Queued {result.Analysis!.Label}: its results appear on the slider under that name once a worker has run it."
                : string.Join(" ", new[] { result.Problem }.Concat(result.Errors?.SelectMany(e => e.Value) ?? []).OfType<string>());
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Requesting an analysis of run {RunId} at {Checkpoint} failed", RunId, checkpoint);
            accepted = false;
            message = $"The analysis could not be requested: {ex.Message}";
        }
        finally
        {
            requesting = false;
        }
    }
}
