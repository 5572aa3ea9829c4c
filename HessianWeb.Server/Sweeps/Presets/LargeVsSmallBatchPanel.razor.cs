using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>
/// Preset 4 (docs/paper.md claim 5). For each completed run of two or more phases (the first the large batch, the last the
/// small batch): the training loss through the phases and around the switch, the line from the LB solution
/// ("&lt;first&gt;:end") to the SB end ("end") in loss, accuracy and λ₁ (mean ± sd over the seeds), and λ₁ of H at the
/// initialisation and both ends per seed.
/// </summary>
public sealed partial class LargeVsSmallBatchPanel
{
    [Inject] RunResults Results { get; set; } = default!;

    [Parameter, EditorRequired] public SweepSummary Sweep { get; set; } = default!;
    [Parameter, EditorRequired] public SweepAggregation Aggregation { get; set; } = default!;

    readonly Dictionary<Guid, LargeVsSmallBatchRun> loaded = [];
    readonly HashSet<Guid> unphased = [];

    /// <summary>The loaded runs in grid order (set once the parameters' runs are loaded).</summary>
    IReadOnlyList<LargeVsSmallBatchRun> Runs { get; set; } = [];

    string Measured => LargeVsSmallBatchFindings.Measured(Runs);

    string Key => string.Join(",", loaded.Keys);

    protected override async Task OnParametersSetAsync()
    {
        var missing = Sweep.Runs.Where(r => r.Status == RunStatus.Completed && !loaded.ContainsKey(r.Id) && !unphased.Contains(r.Id)).ToList();
        var results = missing.Count == 0 ? new Dictionary<Guid, RunResultSet>()
            : await Results.GetManyAsync(missing.Select(r => r.Id).ToList(), [RunEventKind.Spectrum, RunEventKind.Interpolation, RunEventKind.Epoch]);
        foreach (var run in missing)
        {
            if (results.GetValueOrDefault(run.Id) is not { Run.Spec.Training.Phases: { Length: >= 2 } phases } stored)
            {
                unphased.Add(run.Id);
                continue;
            }
            var (large, small) = (phases[0].Name, phases[^1].Name);
            var lbEnd = Checkpoints.InPhase(large, Checkpoints.End);
            var line = new InterpolationSpec { From = lbEnd, To = Checkpoints.End }.Label;
            var spectra = stored.Of(e => e.Spectrum);
            var curves = RunInterpolations.Curves(stored.Of(e => e.Interpolation));
            loaded[run.Id] = new LargeVsSmallBatchRun(
                RunLabel(run), large, small, stored.Of(e => e.Epoch),
                Top(spectra, Checkpoints.Init), Top(spectra, lbEnd), Top(spectra, Checkpoints.End),
                curves.FirstOrDefault(c => c.Label == line)?.Points ?? []);
        }
        Runs = Sweep.Runs.Where(r => loaded.ContainsKey(r.Id)).Select(r => loaded[r.Id]).ToList();
    }

    /// <summary>λ₁ of H at the checkpoint: the exact spectrum's when the run has one, else Lanczos's.</summary>
    static double? Top(IReadOnlyList<SpectrumResult> spectra, string checkpoint) =>
        SpectrumMethods.Preferred(spectra, checkpoint, CurvatureOperators.Hessian)?.Eigenvalues[0];

    string RunLabel(SweepRun run) => Sweep.Axes.Count == 0 ? $"#{run.Index + 1}" : Sweep.PointOf(run);

    static string Number(double? value) => value is { } v ? PresetFindings.Format(v) : "—";

    ChartOptions TrainingOptions => new()
    {
        Title = "Training loss through both phases",
        XAxisTitle = "epoch",
        YAxisTitle = "training loss (log scale)",
        Kind = ChartKind.LineWithBands,
        // Log: the SB phase's climb is a few hundredths on a curve that starts above 1.
        LogY = true,
        IntegerX = true,
        XLines = Runs.Select(r => r.Switch).OfType<int>().Distinct().Select(e => new ChartMarkLine(e, "LB → SB", QuantityColors.Marker)).ToList(),
        NoDataText = "The training curves appear as runs complete.",
    };

    IReadOnlyList<ChartSeries> TrainingSeries => Colored(AggregateSeriesCharts.ToSeries(
        [new AggregateSeries("", Thinned(Mean(Runs.Select(r => r.TrainingLoss))))], "training loss"), QuantityColors.Train);

    /// <summary>At most <see cref="Downsampling.MaxPoints"/> epochs, chosen by the mean's min/max buckets so the climb survives.</summary>
    static IReadOnlyList<AggregatePoint> Thinned(IReadOnlyList<AggregatePoint> points)
    {
        if (points.Count <= Downsampling.MaxPoints) return points;
        var kept = Downsampling.MinMax(points.Select(p => (p.X, p.Mean)).ToList()).Select(p => p.X).ToHashSet();
        return points.Where(p => kept.Contains(p.X)).ToList();
    }

    ChartOptions SwitchOptions => new()
    {
        Title = "The switch to small batches",
        XAxisTitle = "epochs since the switch (0: the LB solution)",
        YAxisTitle = "training loss",
        IntegerX = true,
        XLines = [new ChartMarkLine(0, "LB → SB", QuantityColors.Marker)],
        NoDataText = "The small-batch phases appear as runs complete.",
    };

    /// <summary>Each run's loss from as many LB epochs before the switch as the SB phase has after it.</summary>
    IReadOnlyList<ChartSeries> SwitchSeries => Runs.Select((r, i) =>
    {
        if (r.Switch is not { } at) return null;
        var after = r.TrainingLoss.Count(p => p.Epoch > at);
        var window = r.TrainingLoss.Where(p => p.Epoch >= at - Math.Max(after, 1)).Select(p => (p.Epoch - at, p.Loss)).ToList();
        return ChartSeries.Of(r.Label, Downsampling.MinMax(window), AggregateSeriesCharts.Color(i));
    }).OfType<ChartSeries>().ToList();

    static IReadOnlyList<ChartMarkLine> Ends => [new(0, "LB", QuantityColors.Marker), new(1, "SB", QuantityColors.Marker)];

    ChartOptions LineLossOptions => new()
    {
        Title = "Interpolated loss, θ(α) = (1 − α)·θ_LB + α·θ_SB",
        XAxisTitle = "α (0: the LB solution, 1: the SB end)",
        YAxisTitle = "loss",
        Kind = ChartKind.LineWithBands,
        XLines = Ends,
        NoDataText = "The line appears as runs complete (the spec's analysis.interpolations must hold <first phase>:end → end).",
    };

    IReadOnlyList<ChartSeries> LineLossSeries =>
    [
        .. Colored(AggregateSeriesCharts.ToSeries([new AggregateSeries("", AlongLine(p => p.TrainLoss))], "train"), QuantityColors.Train),
        .. Colored(AggregateSeriesCharts.ToSeries([new AggregateSeries("", AlongLine(p => p.TestLoss))], "test"), QuantityColors.Test),
    ];

    ChartOptions LineAccuracyOptions => LineLossOptions with
    {
        Title = "Interpolated accuracy, the same line",
        YAxisTitle = "accuracy (%)",
        YMin = 0,
        YMax = 100,
    };

    IReadOnlyList<ChartSeries> LineAccuracySeries =>
    [
        .. Colored(AggregateSeriesCharts.ToSeries([new AggregateSeries("", AlongLine(p => 100 * p.TrainAccuracy))], "train"), QuantityColors.Train),
        .. Colored(AggregateSeriesCharts.ToSeries([new AggregateSeries("", AlongLine(p => 100 * p.TestAccuracy))], "test"), QuantityColors.Test),
    ];

    ChartOptions LineTopOptions => LineLossOptions with
    {
        Title = "Interpolated top eigenvalue λ₁ of H, the same line",
        YAxisTitle = "λ₁",
        NoDataText = "λ₁ along the line appears as runs complete (the line's topEigenvalue must be on).",
    };

    IReadOnlyList<ChartSeries> LineTopSeries =>
        Colored(AggregateSeriesCharts.ToSeries([new AggregateSeries("", AlongLine(p => p.TopEigenvalue))], "λ₁"), QuantityColors.TopEigenvalue);

    ChartOptions EndsOptions => new()
    {
        Title = "λ₁ of H at init, the LB solution and the SB end, per seed",
        XAxisTitle = "checkpoint",
        YAxisTitle = "λ₁",
        XLabels = ["init", "LB solution", "SB end"],
        YMin = 0,
        NoDataText = "The eigenvalues appear as runs complete.",
    };

    IReadOnlyList<ChartSeries> EndsSeries => Runs.Select((r, i) => ChartSeries.Of(r.Label,
            new[] { r.InitTop, r.LargeTop, r.SmallTop }.Select((v, x) => ((double)x, v ?? double.NaN)), AggregateSeriesCharts.Color(i)))
        .Where(s => s.Points.Count > 0)
        .ToList();

    /// <summary>The quantity at each α over the runs that have it, mean ± sd.</summary>
    IReadOnlyList<AggregatePoint> AlongLine(Func<InterpolationPoint, double?> quantity) =>
        Mean(Runs.Select(r => r.Line.Select(p => (p.Alpha, quantity(p) ?? double.NaN)).ToList()));

    /// <summary>Curves sharing their x values, as mean ± sample sd at each x.</summary>
    static IReadOnlyList<AggregatePoint> Mean(IEnumerable<IReadOnlyList<(double X, double Y)>> curves) =>
        curves.SelectMany(c => c)
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .GroupBy(p => p.X)
            .OrderBy(g => g.Key)
            .Select(g => SweepAggregation.Summarise(g.Key, g.Select(p => p.Y).ToList()))
            .ToList();

    static IReadOnlyList<ChartSeries> Colored(IEnumerable<ChartSeries> series, string color) => series.Select(s => s with { Color = color }).ToList();
}
