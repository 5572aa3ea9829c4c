using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using CheckpointNames = HessianWeb.Shared.Runs.Checkpoints;

namespace HessianWeb.Server.Components.Pages.Runs.Landscape;

public sealed partial class NewInterpolation
{
    [Inject] RunInterpolations Interpolations { get; set; } = default!;
    [Inject] ILogger<NewInterpolation> Logger { get; set; } = default!;

    // The run page offers this form only to those who may launch work; the request checks again.
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    [Parameter, EditorRequired] public Guid RunId { get; set; }

    /// <summary>The checkpoints whose weights were saved, in training order.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Checkpoints { get; set; } = [];

    string? pickedFrom;
    string to = CheckpointNames.End;
    string? toRun;
    int points = 41;
    double alphaMin = -0.5;
    double alphaMax = 1.5;
    bool topEigenvalue;
    bool requesting;
    bool accepted;
    string? message;

    /// <summary>The initialisation unless another is picked: init → end is the whole of training as one line.</summary>
    string? From
    {
        get => pickedFrom is { } picked && Checkpoints.Contains(picked) ? picked
            : Checkpoints.Contains(CheckpointNames.Init) ? CheckpointNames.Init : Checkpoints.FirstOrDefault();
        set => pickedFrom = value;
    }

    async Task RequestAsync()
    {
        var user = (await Auth).User;
        if (!user.CanLaunch())
        {
            accepted = false;
            message = user.Refusal("request interpolations");
            return;
        }
        requesting = true;
        message = null;
        try
        {
            Guid? other = null;
            if (!string.IsNullOrWhiteSpace(toRun))
            {
                if (!Guid.TryParse(toRun.Trim(), out var parsed))
                {
                    accepted = false;
                    message = $"'{toRun}' is not a run id; copy it from the other run's address (/runs/<id>), or leave it empty.";
                    return;
                }
                other = parsed;
            }
            var request = new InterpolationRequest
            {
                From = new InterpolationEnd(null, From), To = new InterpolationEnd(other, to?.Trim()),
                Points = points, AlphaMin = alphaMin, AlphaMax = alphaMax, TopEigenvalue = topEigenvalue,
            };
            var result = await Interpolations.RequestAsync(RunId, request, CancellationToken.None);
            accepted = result.Accepted;
            message = result.Accepted
                ? $"Queued {result.Analysis!.Label}: its points appear in the interpolation chart once a worker runs it."
                : string.Join(" ", new[] { result.Problem }.Concat(result.Errors?.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}") ?? []).OfType<string>());
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Requesting an interpolation of run {RunId} failed", RunId);
            accepted = false;
            message = $"The interpolation could not be requested: {ex.Message}";
        }
        finally
        {
            requesting = false;
        }
    }
}
