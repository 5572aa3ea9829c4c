using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>
/// Preset 3. For each completed run: its spectral density of H at the end (overlaid), and the share of eigenvalues near
/// zero, |λ| &lt; <see cref="Threshold"/>·λ₁, against its parameter count M: from the exact spectrum when the run has one,
/// else from the density's mass there.
/// </summary>
public sealed partial class BulkVsParametersPanel
{
    /// <summary>
    /// "Near zero", relative to each run's λ₁: five times the densities' default broadening (1 % of the range), so the
    /// bulk's peak at 0 is counted whole rather than cut at its own blur.
    /// </summary>
    public const double Threshold = 0.05;

    /// <summary>Densities are drawn down to this fraction of their peak on the log axis.</summary>
    const double LogFloor = 1e-8;

    [Inject] RunResults Results { get; set; } = default!;

    [Parameter, EditorRequired] public SweepSummary Sweep { get; set; } = default!;
    [Parameter, EditorRequired] public SweepAggregation Aggregation { get; set; } = default!;

    readonly Dictionary<Guid, DensityResult> densities = [];
    readonly Dictionary<Guid, double[]> exact = [];
    readonly HashSet<Guid> loaded = [];

    public const string Claim =
        "with the data fixed, widening the network (more parameters M) only scales the bulk: the share of eigenvalues near zero grows with M, "
        + "while the outliers stay where the data put them.";

    protected override async Task OnParametersSetAsync()
    {
        var missing = Sweep.Runs.Where(r => r.Status == RunStatus.Completed && !loaded.Contains(r.Id)).ToList();
        if (missing.Count == 0) return;
        var results = await Results.GetManyAsync(missing.Select(r => r.Id).ToList(), [RunEventKind.Density, RunEventKind.Spectrum]);
        foreach (var run in missing)
        {
            var stored = results.GetValueOrDefault(run.Id);
            if (stored?.Of(e => e.Density).LastOrDefault(IsEndHessian) is { } density) densities[run.Id] = density;
            // Lanczos's top and bottom k say nothing of the bulk: without an exact spectrum the density's mass stands in.
            if (SpectrumMethods.Preferred(stored?.Of(e => e.Spectrum) ?? [], Checkpoints.End, CurvatureOperators.Hessian)
                is { Method: SpectrumMethods.Exact } spectrum) exact[run.Id] = spectrum.Eigenvalues;
            loaded.Add(run.Id);
        }
    }

    static bool IsEndHessian(DensityResult d) => d.Checkpoint == Checkpoints.End && d.Operator == CurvatureOperators.Hessian;

    /// <summary>The share of |λ| &lt; Threshold·λ₁ at the end, or null before the run has the numbers.</summary>
    public double? NearZero(SweepRun run)
    {
        if (run.TopEigenvalue is not { } top || top <= 0) return null;
        var bound = Threshold * top;
        if (exact.TryGetValue(run.Id, out var values)) return SpectrumMeasures.FractionBelow(values, bound);
        return densities.TryGetValue(run.Id, out var density) ? SpectrumMeasures.FractionBelow(density, bound) : null;
    }

    static double? M(SweepRun run) => run.ParameterCount;

    string Measured => PresetFindings.BulkVsParameters(
        Aggregation.Aggregate(NearZero, M).SelectMany(l => l.Points).ToList(),
        Aggregation.Aggregate(r => r.Outliers, M).SelectMany(l => l.Points).ToList(),
        Sweep.Runs.Any(r => r.OutliersLowerBound == true),
        exact.Count > 0 && densities.Keys.All(exact.ContainsKey));

    ChartOptions DensityOptions => new()
    {
        Title = "Spectral density of H at the end, one line per run",
        XAxisTitle = "eigenvalue λ",
        YAxisTitle = "density (per unit λ, log scale)",
        LogY = true,
        Height = 360,
        NoDataText = "The densities appear as runs complete (the spec must keep analysis.density on).",
    };

    IReadOnlyList<ChartSeries> DensitySeries => Sweep.Runs
        .Where(r => densities.ContainsKey(r.Id))
        .Select((r, i) =>
        {
            var d = densities[r.Id];
            var peak = d.Density.Max();
            var points = d.Grid.Zip(d.Density).Where(p => p.Second >= LogFloor * peak).Select(p => (p.First, p.Second)).ToList();
            return ChartSeries.Of($"M = {NumberFormat.Count(r.ParameterCount ?? 0)} ({Sweep.PointOf(r)})", Downsampling.MinMax(points, 400),
                AggregateSeriesCharts.Color(i));
        })
        .ToList();

    string DensityKey => string.Join(",", densities.Keys);

    ChartOptions FractionOptions => new()
    {
        Title = $"Share of eigenvalues near zero (|λ| < {NumberFormat.Percent(Threshold)} of λ₁) vs M",
        XAxisTitle = "parameters M",
        YAxisTitle = "share of eigenvalues",
        Kind = ChartKind.LineWithBands,
        YMin = 0,
        YMax = 1,
        NoDataText = "The shares appear as runs complete.",
    };

    IReadOnlyList<ChartSeries> FractionSeries => AggregateSeriesCharts.ToSeries(Aggregation.Aggregate(NearZero, M), "share near zero").ToList();
    string FractionKey => AggregateSeriesCharts.Key(Aggregation.Aggregate(NearZero, M));

    ChartOptions OutlierOptions => new()
    {
        Title = "Outliers at the end vs M",
        XAxisTitle = "parameters M",
        YAxisTitle = "eigenvalues of H above the bulk",
        Kind = ChartKind.LineWithBands,
        YMin = 0,
        NoDataText = "The counts appear as runs complete.",
    };

    IReadOnlyList<ChartSeries> OutlierSeries => AggregateSeriesCharts.ToSeries(Aggregation.Aggregate(r => r.Outliers, M), "outliers").ToList();
    string OutlierKey => AggregateSeriesCharts.Key(Aggregation.Aggregate(r => r.Outliers, M));
}
