using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class HistogramChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter] public long? ParameterCount { get; set; }

    ApexChart? chart;
    bool logCounts = true;
    int binned;

    IReadOnlyList<SpectrumResult> Exact => Progress.Spectra.Where(s => s.Method == SpectrumMethods.Exact && s.Operator == CurvatureOperators.Hessian).ToList();

    ChartOptions Options => new()
    {
        Title = "Exact eigenvalues",
        XAxisTitle = "eigenvalue λ (bin centre)",
        YAxisTitle = logCounts ? "eigenvalues per bin (log scale)" : "eigenvalues per bin",
        Kind = ChartKind.Bar,
        LogY = logCounts,
        Height = 360,
        NoDataText = Progress.Status.IsTerminal() ? "This run produced no exact spectrum." : "Waiting for the exact spectrum of a checkpoint.",
    };

    string Summary
    {
        get
        {
            var exact = Exact;
            if (exact.Count == 0) return "Counts of the exact eigenvalues in equal-width bins, per checkpoint.";
            var n = exact.Max(s => s.Eigenvalues.Length);
            var text = $"{NumberFormat.Count(n)} eigenvalues per checkpoint in {EigenvalueHistogram.BinCount(n)} equal-width bins shared by all checkpoints.";
            return logCounts ? text + " On the log scale an empty bin shows no bar." : text;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var exact = Exact;
        if (exact.Count == binned) return;
        binned = exact.Count;
        // A new checkpoint widens the shared bins, so every series is binned again.
        await chart.ReplaceAsync(EigenvalueHistogram.Bin(exact));
    }
}
