using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class SpectrumChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;

    ApexChart? chart;
    bool logMagnitude;
    int pushed;

    ChartOptions Options => new()
    {
        Title = "Eigenvalues, largest first",
        XAxisTitle = "index i",
        YAxisTitle = logMagnitude ? "|λᵢ|, log scale (λᵢ < 0 by magnitude)" : "eigenvalue λᵢ",
        LogY = logMagnitude,
        IntegerX = true,
        Height = 360,
        NoDataText = Progress.Status.IsTerminal() ? "This run produced no spectrum." : "Waiting for the analysis of a checkpoint.",
    };

    public static string SeriesName(SpectrumResult s) => s.Method == SpectrumMethods.Lanczos
        ? $"Lanczos top-{s.Eigenvalues.Length} ({s.Checkpoint})"
        : $"{s.Method} ({s.Checkpoint})";

    static string Describe(SpectrumResult s)
    {
        if (s.Eigenvalues.Length == 0) return $"{SeriesName(s)}: no eigenvalues.";
        var text = $"{SeriesName(s)}: λ₁ = {NumberFormat.Significant(s.Eigenvalues[0])}";
        if (s.Method == SpectrumMethods.Exact)
            text += $", smallest {NumberFormat.Significant(s.Eigenvalues[^1])}, {NumberFormat.Count(s.Eigenvalues.Count(v => v < 0))} negative of {NumberFormat.Count(s.Eigenvalues.Length)}";
        if (s.Converged is { } converged) text += $", {converged.Count(c => c)} of {converged.Length} converged";
        if (s.HvpCount is { } hvps) text += $", {NumberFormat.Count(hvps)} Hessian-vector products";
        if (s.Seconds is { } seconds) text += $", {NumberFormat.Significant(seconds, 2)} s";
        return text + ".";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null || pushed == Progress.Spectra.Count) return;
        var fresh = Progress.Spectra.Skip(pushed).ToList();
        pushed = Progress.Spectra.Count;
        await chart.AppendAsync(fresh.Select(ToSeries).ToList());
    }

    /// <summary>Lanczos's few estimates as markers over the exact spectrum's line, each in its checkpoint's colour.</summary>
    static ChartSeries ToSeries(SpectrumResult s)
    {
        var lanczos = s.Method == SpectrumMethods.Lanczos;
        return ChartSeries.Of(SeriesName(s), s.Eigenvalues.Select((v, i) => ((double)(i + 1), v)),
            lanczos ? CheckpointColors.For(s.Checkpoint) : CheckpointColors.LightFor(s.Checkpoint)) with { PointsOnly = lanczos };
    }
}
