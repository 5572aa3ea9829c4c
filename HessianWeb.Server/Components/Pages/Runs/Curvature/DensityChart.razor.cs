using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class DensityChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter] public string? Checkpoint { get; set; }

    ApexChart? chart;
    // On the log scale the outliers' mass (about k/M) shows beside the bulk's (docs/paper.md).
    bool logDensity = true;
    // Null until someone picks: then every operator measured is shown.
    IEnumerable<string>? pickedOperators;
    string? drawn;

    IReadOnlyList<string> Available => OperatorNames.Ordered(Progress.Densities.Where(d => d.Checkpoint == Checkpoint).Select(d => d.Operator));

    IEnumerable<string> ShownOperators => pickedOperators ?? Available;

    /// <summary>The newest density of each operator shown at this checkpoint, H first.</summary>
    IReadOnlyList<DensityResult> Shown
    {
        get
        {
            var shown = ShownOperators.ToHashSet();
            return Available.Where(shown.Contains)
                .Select(op => Progress.Densities.Last(d => d.Checkpoint == Checkpoint && d.Operator == op))
                .ToList();
        }
    }

    ChartOptions Options => new()
    {
        Title = "Spectral density" + (Checkpoint is null ? "" : $" ({Checkpoint})"),
        XAxisTitle = "eigenvalue λ",
        YAxisTitle = logDensity ? "density (per unit λ, log scale)" : "density (per unit λ)",
        Kind = ChartKind.LineWithBands,
        LogY = logDensity,
        XLines = BulkEdges,
        Height = 360,
        NoDataText = EmptyText,
    };

    /// <summary>Where the outlier count put each shown operator's bulk edge.</summary>
    IReadOnlyList<ChartMarkLine> BulkEdges => Shown
        .Select(d => Progress.Outliers.LastOrDefault(o => o.Checkpoint == Checkpoint && o.Operator == d.Operator))
        .OfType<OutlierResult>()
        .Where(o => !o.NoClearGap && double.IsFinite(o.BulkEdge))
        .Select(o => new ChartMarkLine(o.BulkEdge, $"bulk edge ({OperatorNames.Symbol(o.Operator)})", OperatorColors.For(o.Operator)))
        .ToList();

    string EmptyText =>
        !Spec.Analysis.Density.Enabled && Progress.Densities.Count == 0 ? "No density: the spec turns it off (analysis.density.enabled)."
        : Checkpoint is null ? (Progress.Status.IsTerminal() ? "This run produced no density." : "Waiting for the analysis of a checkpoint.")
        : Available.Count > 0 ? "Pick an operator to show."
        : $"No density for {Checkpoint}" + (Progress.Status.IsTerminal() ? "." : " yet.");

    void ShowOperators(IEnumerable<string> operators) => pickedOperators = operators.ToList();

    static string Describe(DensityResult d)
    {
        var text = $"{OperatorNames.Long(d.Operator)}: {NumberFormat.Count(d.Probes)} {d.Distribution} probes × {NumberFormat.Count(d.Steps)} Lanczos steps, "
            + $"broadening σ = {NumberFormat.Significant(d.Width, 3)}, {NumberFormat.Count(d.Grid.Length)} grid points over "
            + $"[{NumberFormat.Significant(d.Grid.FirstOrDefault())}, {NumberFormat.Significant(d.Grid.LastOrDefault())}], "
            + $"{NumberFormat.Count(d.HvpCount)} {OperatorNames.Products(d.Operator)}";
        if (d.Seconds is { } seconds) text += $", {NumberFormat.Significant(seconds, 2)} s";
        return text + ".";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var shown = Shown;
        var key = $"{Checkpoint}|{string.Join(",", shown.Select(d => d.Operator))}|{Progress.Densities.Count}";
        if (key == drawn) return;
        drawn = key;
        // One floor for every density shown, so their tails end on the same line.
        var peak = shown.SelectMany(d => d.Density).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        await chart.ReplaceAsync(shown.SelectMany(d => ToSeries(d, peak)).ToList());
    }

    /// <summary>
    /// The probes' spread as a band, then their mean as a line, in the operator's colour; downsampled, and
    /// no lower than <see cref="DensityFloor"/> of <paramref name="peak"/>.
    /// </summary>
    public static IEnumerable<ChartSeries> ToSeries(DensityResult d, double peak)
    {
        var n = Math.Min(d.Grid.Length, d.Density.Length);
        var floor = DensityFloor.Below(peak);
        double Floored(double y) => Math.Max(y, floor);
        var color = OperatorColors.For(d.Operator);
        var symbol = OperatorNames.Symbol(d.Operator);

        var probes = d.ProbeDensities.Where(p => p.Length >= n).ToList();
        if (probes.Count > 1)
        {
            var band = Enumerable.Range(0, n)
                .Select(i => (d.Grid[i], Floored(probes.Min(p => p[i])), Floored(probes.Max(p => p[i]))))
                .ToList();
            yield return ChartSeries.OfBand($"{symbol}: probes, lowest to highest", Downsampling.Envelope(band), color);
        }
        var mean = Enumerable.Range(0, n).Select(i => (d.Grid[i], Floored(d.Density[i]))).ToList();
        yield return ChartSeries.Of($"{symbol}: density, mean of {d.Probes} probes", Downsampling.MinMax(mean), color);
    }
}
