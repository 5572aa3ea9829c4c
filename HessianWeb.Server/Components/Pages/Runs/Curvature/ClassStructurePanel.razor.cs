using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.ClassStructure;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

/// <summary>The run page's predicted-vs-measured outliers at the checkpoint shown (<see cref="ClassStructureView"/>).</summary>
public sealed partial class ClassStructurePanel
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    /// <summary>The checkpoint chosen on the page; null: the latest one with a class structure.</summary>
    [Parameter] public string? Checkpoint { get; set; }

    ApexChart? chart;
    string? drawn;
    bool logScale;

    /// <summary>The checkpoint's joined results, or null when it has none yet.</summary>
    CheckpointOutliers? Shown
    {
        get
        {
            var views = OutlierPrediction.Build(Progress.Spectra, Progress.Outliers, Progress.ClassStructures, Progress.AnalysedCheckpoints);
            return Checkpoint is null ? views.LastOrDefault(v => v.ClassStructure is not null) : views.FirstOrDefault(v => v.Checkpoint == Checkpoint);
        }
    }

    string EmptyText =>
        Progress.ClassStructures.Count == 0 && Progress.Status.IsTerminal()
            ? "This run has no class structure: it was analysed before the worker measured it. A new analysis of a saved checkpoint adds it."
        : Checkpoint is null || !Progress.Status.IsTerminal()
            ? $"The class structure appears when {(Checkpoint is null ? "a checkpoint's" : $"{Checkpoint}'s")} analysis finishes, after the spectra."
        : $"No class structure for {Checkpoint}.";

    ChartOptions Options => new()
    {
        Title = "Top eigenvalues: predicted by the class means, measured",
        XAxisTitle = "index i (largest first)",
        YAxisTitle = logScale ? "λᵢ, log scale" : "eigenvalue λᵢ",
        LogY = logScale,
        IntegerX = true,
        Kind = ChartKind.Line,
        Height = 260,
        NoDataText = EmptyText,
    };

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var shown = Shown;
        var key = $"{shown?.Checkpoint}|{Progress.AnalysisRevision}";
        if (key == drawn) return;
        drawn = key;
        await chart.ReplaceAsync(shown is null ? [] : ClassStructureView.Series(shown).ToList());
    }
}
