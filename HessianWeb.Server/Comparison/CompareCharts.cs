using HessianWeb.Server.Components.Charts;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// The series of every comparison chart, each run in its own colour, named "n. run name" (names may repeat).
/// Long curves are thinned on the server (<see cref="Downsampling"/>) before they go to the browser.
/// </summary>
public static class CompareCharts
{
    public static string Label(ComparedRun run, int position) => $"{position + 1}. {run.Summary.Name}";

    /// <summary>Training loss per epoch: the raw curve faint behind its smoothed one.</summary>
    public static IReadOnlyList<ChartSeries> Loss(RunComparison c, CompareView view) =>
        Curves(c, view, e => e.TrainLoss);

    /// <summary>Test accuracy (%) per epoch, raw and smoothed; the train accuracy where a run has no test set.</summary>
    public static IReadOnlyList<ChartSeries> Accuracy(RunComparison c, CompareView view) =>
        Curves(c, view, e => 100 * (e.TestAccuracy ?? e.TrainAccuracy));

    static IReadOnlyList<ChartSeries> Curves(RunComparison c, CompareView view, Func<Shared.Runs.EpochMetrics, double> value)
    {
        var series = new List<ChartSeries>();
        // Raw lines first so that they are drawn underneath.
        for (var i = 0; i < c.Runs.Count; i++)
        {
            var run = c.Runs[i];
            if (view.Smoothing > 0)
                series.Add(ChartSeries.Of($"{Label(run, i)} (raw)", Thin(run.Epochs.Select(e => ((double)e.Epoch, value(e)))), RunColors.Faint(run.Color)));
        }
        for (var i = 0; i < c.Runs.Count; i++)
        {
            var run = c.Runs[i];
            var smoothed = Smoothing.DebiasedEma(run.Epochs.Select(value).ToList(), view.Smoothing);
            series.Add(ChartSeries.Of(Label(run, i), Thin(run.Epochs.Select((e, j) => ((double)e.Epoch, smoothed[j]))), run.Color));
        }
        return series;
    }

    /// <summary>The Hessian's eigenvalues at the checkpoint, largest first, against their index.</summary>
    public static IReadOnlyList<ChartSeries> Spectrum(RunComparison c, CompareView view) =>
        c.Runs.Select((run, i) => run.Spectrum(view.Checkpoint) is { } s
            ? ChartSeries.Of(Label(run, i), Downsampling.Sorted(s.Eigenvalues), run.Color)
            : null).OfType<ChartSeries>().ToList();

    public static IReadOnlyList<ChartSeries> Density(RunComparison c, CompareView view) =>
        c.Runs.Select((run, i) => run.Density(view.Checkpoint) is { } d
            ? ChartSeries.Of(Label(run, i), Thin(d.Grid.Zip(d.Density)), run.Color)
            : null).OfType<ChartSeries>().ToList();

    /// <summary>The largest Ritz value after each Lanczos iteration: how fast λ_max settles.</summary>
    public static IReadOnlyList<ChartSeries> Ritz(RunComparison c, CompareView view) =>
        c.Runs.Select((run, i) => run.LanczosAt(view.Checkpoint) is { Count: > 0 } iterations
            ? ChartSeries.Of(Label(run, i), iterations.Where(it => it.RitzValues.Length > 0).Select(it => ((double)it.Iteration, it.RitzValues[0])), run.Color)
            : null).OfType<ChartSeries>().ToList();

    /// <summary>One bar per run at its position: the Hessian's outliers above the bulk.</summary>
    public static IReadOnlyList<ChartSeries> Outliers(RunComparison c, CompareView view) =>
        c.Runs.Select((run, i) => run.OutliersAt(view.Checkpoint) is { } o
            ? ChartSeries.Of(Label(run, i), [((double)i, (double)o.Count)], run.Color)
            : null).OfType<ChartSeries>().ToList();

    /// <summary>Every chart's series by chart name: the comparison's JSON export.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ChartSeries>> All(RunComparison c, CompareView view) =>
        new Dictionary<string, IReadOnlyList<ChartSeries>>
        {
            ["trainLoss"] = Loss(c, view),
            ["accuracy"] = Accuracy(c, view),
            ["spectrum"] = Spectrum(c, view),
            ["density"] = Density(c, view),
            ["ritz"] = Ritz(c, view),
            ["outliers"] = Outliers(c, view),
        };

    static IReadOnlyList<(double X, double Y)> Thin(IEnumerable<(double X, double Y)> points) =>
        Downsampling.MinMax(points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList());
}
