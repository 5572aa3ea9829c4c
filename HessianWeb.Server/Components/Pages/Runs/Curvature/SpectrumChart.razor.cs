using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class SpectrumChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter] public string? Checkpoint { get; set; }

    /// <summary>M: where the bottom eigenvalues sit on the index axis when there is no exact spectrum.</summary>
    [Parameter] public long? ParameterCount { get; set; }

    ApexChart? chart;
    bool logMagnitude;
    string? drawn;

    /// <summary>The checkpoint's spectra, H then G then R, Lanczos before exact within each.</summary>
    IReadOnlyList<SpectrumResult> Shown
    {
        get
        {
            var here = Progress.Spectra.Where(s => s.Checkpoint == Checkpoint).ToList();
            return OperatorNames.Ordered(here.Select(s => s.Operator))
                .SelectMany(op => here.Where(s => s.Operator == op).OrderBy(s => s.Method == SpectrumMethods.Exact))
                .ToList();
        }
    }

    bool Decomposed => Progress.Spectra.Any(s => s.Operator != CurvatureOperators.Hessian);

    ChartOptions Options => new()
    {
        Title = "Eigenvalues, largest first" + (Checkpoint is null ? "" : $" ({Checkpoint})"),
        XAxisTitle = "index i (1 = largest)",
        YAxisTitle = logMagnitude ? "|λᵢ|, log scale (λᵢ < 0 by magnitude)" : "eigenvalue λᵢ",
        LogY = logMagnitude,
        IntegerX = true,
        Height = 360,
        NoDataText = EmptyText,
    };

    string EmptyText => Checkpoint is null
        ? (Progress.Status.IsTerminal() ? "This run produced no spectrum." : "The spectrum of each checkpoint appears when its analysis finishes.")
        : $"No spectrum for {Checkpoint}" + (Progress.Status.IsTerminal() ? "." : " yet.");

    /// <summary>"H Lanczos top-10", "G exact": the chart shows one checkpoint, named in its title.</summary>
    public static string SeriesName(SpectrumResult s) => $"{OperatorNames.Symbol(s.Operator)} " + (s.Method == SpectrumMethods.Lanczos
        ? $"Lanczos top-{s.Eigenvalues.Length}"
        : s.Method);

    public static string BottomSeriesName(SpectrumResult s) =>
        $"{OperatorNames.Symbol(s.Operator)} Lanczos bottom-{s.BottomEigenvalues?.Length ?? 0}";

    static string Describe(SpectrumResult s)
    {
        if (s.Eigenvalues.Length == 0) return $"{SeriesName(s)}: no eigenvalues.";
        var text = $"{SeriesName(s)}: λ₁ = {NumberFormat.Significant(s.Eigenvalues[0])}";
        if (s.Method == SpectrumMethods.Exact)
            text += $", smallest {NumberFormat.Significant(s.Eigenvalues[^1])}, {NumberFormat.Count(s.Eigenvalues.Count(v => v < 0))} negative of {NumberFormat.Count(s.Eigenvalues.Length)}";
        if (s.Converged is { } converged) text += $", {converged.Count(c => c)} of {converged.Length} converged";
        if (s.BottomEigenvalues is { Length: > 0 } bottom)
        {
            text += $"; most negative {NumberFormat.Significant(bottom[0])}";
            if (s.BottomConverged is { } bottomConverged) text += $" ({bottomConverged.Count(c => c)} of {bottomConverged.Length} bottom converged)";
        }
        if (s.HvpCount is { } hvps) text += $", {NumberFormat.Count(hvps)} {OperatorNames.Products(s.Operator)}";
        if (s.Seconds is { } seconds) text += $", {NumberFormat.Significant(seconds, 2)} s";
        return text + ".";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var key = $"{Checkpoint}|{Progress.Spectra.Count}|{ParameterCount}";
        if (key == drawn) return;
        drawn = key;
        var shown = Shown;
        // The bottom of the index range is M: the exact spectrum's length, or the model's size.
        var m = shown.Where(s => s.Method == SpectrumMethods.Exact).Select(s => (long?)s.Eigenvalues.Length).FirstOrDefault() ?? ParameterCount;
        await chart.ReplaceAsync(shown.SelectMany(s => ToSeries(s, m)).ToList());
    }

    /// <summary>
    /// The exact spectrum as a line (downsampled, extremes kept), Lanczos's top-k as circles at i = 1…k and
    /// its bottom-k as squares at i = M, M − 1, …, in the operator's colour.
    /// </summary>
    public static IEnumerable<ChartSeries> ToSeries(SpectrumResult s, long? parameterCount)
    {
        var color = OperatorColors.For(s.Operator);
        if (s.Method != SpectrumMethods.Lanczos)
        {
            yield return ChartSeries.Of(SeriesName(s), Downsampling.Sorted(s.Eigenvalues), color);
            yield break;
        }
        yield return ChartSeries.Of(SeriesName(s), s.Eigenvalues.Select((v, i) => ((double)(i + 1), v)), color) with { PointsOnly = true };
        if (s.BottomEigenvalues is { Length: > 0 } bottom && parameterCount is { } m)
            yield return ChartSeries.Of(BottomSeriesName(s), bottom.Select((v, j) => ((double)(m - j), v)), color) with
            {
                PointsOnly = true,
                SquareMarkers = true,
            };
    }
}
