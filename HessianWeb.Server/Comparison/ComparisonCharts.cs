using HessianWeb.Server.Components;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// The comparison's charts, every run in its own colour (<see cref="RunColors"/>) on each: training curves
/// (smoothed over a faint raw line), sorted eigenvalues, spectral densities, Ritz values and outlier counts
/// at the state's checkpoint and operator. Every series is downsampled as the run page's are.
/// </summary>
public static class ComparisonCharts
{
    public static IReadOnlyList<ComparisonChart> Build(RunComparison comparison, ComparisonState state)
    {
        var checkpoint = comparison.CheckpointFor(state.Checkpoint);
        var at = checkpoint is null ? "" : $" of {OperatorNames.Symbol(state.Operator)} at {checkpoint}";
        var runs = comparison.Runs;
        return
        [
            Training("train-loss", "Train loss", LossAxis(runs, state.LogLoss), runs, state, e => e.TrainLoss, logY: state.LogLoss),
            Training("test-loss", "Test loss", LossAxis(runs, state.LogLoss), runs, state, e => e.TestLoss, logY: state.LogLoss),
            Training("train-accuracy", "Train accuracy", "accuracy (%)", runs, state, e => 100 * e.TrainAccuracy, logY: false, percent: true),
            Training("test-accuracy", "Test accuracy", "accuracy (%)", runs, state, e => 100 * e.TestAccuracy, logY: false, percent: true),
            new("eigenvalues", new ChartOptions
            {
                Title = "Sorted eigenvalues" + at,
                XAxisTitle = "index i (1 = largest)",
                YAxisTitle = state.LogEigenvalues ? "|λᵢ|, log scale (λᵢ < 0 by magnitude)" : "eigenvalue λᵢ",
                LogY = state.LogEigenvalues,
                IntegerX = true,
                Height = 360,
                NoDataText = Empty(checkpoint, "spectrum"),
            }, runs.SelectMany(r => Eigenvalues(r, checkpoint, state.Operator)).ToList()),
            new("density", new ChartOptions
            {
                Title = "Eigenvalue densities" + at,
                XAxisTitle = "eigenvalue λ",
                YAxisTitle = state.LogDensity ? "density (per unit λ, log scale)" : "density (per unit λ)",
                LogY = state.LogDensity,
                Height = 360,
                NoDataText = Empty(checkpoint, "density"),
            }, Densities(runs, checkpoint, state.Operator)),
            new("ritz", new ChartOptions
            {
                Title = "Ritz convergence" + at,
                XAxisTitle = $"Lanczos iteration m ({OperatorNames.Products(state.Operator)})",
                YAxisTitle = $"Ritz value λ of {OperatorNames.Symbol(state.Operator)}",
                Kind = ChartKind.Scatter,
                IntegerX = true,
                Height = 360,
                NoDataText = Empty(checkpoint, "Lanczos run"),
            }, runs.Select(r => Ritz(r, checkpoint, state.Operator)).OfType<ChartSeries>().ToList()),
            new("outliers", new ChartOptions
            {
                Title = $"Outlier counts of {OperatorNames.Symbol(state.Operator)} over training",
                XAxisTitle = "checkpoint",
                YAxisTitle = "eigenvalues above the bulk edge",
                XLabels = comparison.AnalysedCheckpoints,
                YMin = 0,
                Height = 300,
                NoDataText = "No run counted outliers" + (state.Operator == CurvatureOperators.Hessian ? "." : $" of {OperatorNames.Symbol(state.Operator)}."),
            }, Outliers(comparison, state.Operator)),
        ];
    }

    static string Empty(string? checkpoint, string what) =>
        checkpoint is null ? "No compared run has an analysed checkpoint yet." : $"No compared run has a {what} of this operator at {checkpoint}.";

    /// <summary>The runs' losses are in nats when they all minimise cross-entropy; MSE has no such unit.</summary>
    static string LossAxis(IReadOnlyList<ComparedRun> runs, bool log)
    {
        var kinds = runs.Select(r => r.Summary.Spec.Model.Loss).Distinct().ToList();
        var name = kinds switch
        {
            [LossKind.CrossEntropy] or [] => "cross-entropy loss (nats)",
            [LossKind.Mse] => "mean squared error",
            _ => "loss (cross-entropy in nats, or MSE)",
        };
        return log ? name + ", log scale" : name;
    }

    static ComparisonChart Training(string key, string title, string yAxis, IReadOnlyList<ComparedRun> runs, ComparisonState state,
        Func<EpochMetrics, double?> value, bool logY, bool percent = false)
    {
        var raw = new List<ChartSeries>();
        var smoothed = new List<ChartSeries>();
        foreach (var run in runs)
        {
            var points = run.Progress.Epochs
                .Where(e => value(e) is { } v && double.IsFinite(v))
                .Select(e => ((double)e.Epoch, value(e)!.Value))
                .ToList();
            if (points.Count == 0) continue;
            if (state.Smoothing == 0)
            {
                smoothed.Add(ChartSeries.Of(run.Label, Downsampling.MinMax(points), run.Color));
                continue;
            }
            var ema = DebiasedEma.Smooth(points.Select(p => p.Item2).ToList(), state.Smoothing);
            raw.Add(ChartSeries.Of($"{run.Label} (raw)", Downsampling.MinMax(points), RunColors.Faint(run.Color)) with { HiddenFromLegend = true });
            smoothed.Add(ChartSeries.Of(run.Label, Downsampling.MinMax(points.Select((p, i) => (p.Item1, ema[i])).ToList()), run.Color));
        }
        var smoothing = state.Smoothing == 0 ? "" : $" (EMA weight {NumberFormat.Significant(state.Smoothing, 3)}, raw faint)";
        return new(key, new ChartOptions
        {
            Title = title + smoothing,
            XAxisTitle = "epoch",
            YAxisTitle = yAxis,
            IntegerX = true,
            LogY = logY,
            YMin = percent ? 0 : null,
            YMax = percent ? 100 : null,
            NoDataText = "No compared run recorded this.",
        }, [.. raw, .. smoothed]);
    }

    /// <summary>The exact spectrum as a line; Lanczos's top-k as circles at i = 1…k and bottom-k as squares at i = M, M − 1, ….</summary>
    static IEnumerable<ChartSeries> Eigenvalues(ComparedRun run, string? checkpoint, string op)
    {
        var exact = SpectrumMethods.Latest(run.Progress.Spectra, checkpoint, op, SpectrumMethods.Exact);
        var lanczos = SpectrumMethods.Latest(run.Progress.Spectra, checkpoint, op, SpectrumMethods.Lanczos);
        if (exact is not null)
            yield return ChartSeries.Of($"{run.Label} exact", Downsampling.Sorted(exact.Eigenvalues), run.Color);
        if (lanczos is null) yield break;
        yield return ChartSeries.Of($"{run.Label} Lanczos top-{lanczos.Eigenvalues.Length}",
            lanczos.Eigenvalues.Select((v, i) => ((double)(i + 1), v)), run.Color) with { PointsOnly = true };
        var m = exact?.Eigenvalues.Length ?? run.Progress.ParameterCount ?? run.Summary.ParameterCount;
        if (lanczos.BottomEigenvalues is { Length: > 0 } bottom && m is { } size)
            yield return ChartSeries.Of($"{run.Label} Lanczos bottom-{bottom.Length}", bottom.Select((v, j) => ((double)(size - j), v)), run.Color) with
            {
                PointsOnly = true,
                SquareMarkers = true,
            };
    }

    /// <summary>Each run's newest density, no lower than <see cref="DensityFloor"/> of the highest peak (one floor for all).</summary>
    static IReadOnlyList<ChartSeries> Densities(IReadOnlyList<ComparedRun> runs, string? checkpoint, string op)
    {
        var shown = runs.Select(r => (Run: r, Density: Density(r, checkpoint, op))).Where(d => d.Density is not null).ToList();
        var peak = shown.SelectMany(d => d.Density!.Density).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var floor = DensityFloor.Below(peak);
        return shown.Select(d =>
        {
            var n = Math.Min(d.Density!.Grid.Length, d.Density.Density.Length);
            var points = Enumerable.Range(0, n).Select(i => (d.Density.Grid[i], Math.Max(d.Density.Density[i], floor))).ToList();
            return ChartSeries.Of(d.Run.Label, Downsampling.MinMax(points), d.Run.Color);
        }).ToList();
    }

    public static DensityResult? Density(ComparedRun run, string? checkpoint, string op) =>
        run.Progress.Densities.LastOrDefault(d => d.Checkpoint == checkpoint && d.Operator == op);

    static ChartSeries? Ritz(ComparedRun run, string? checkpoint, string op)
    {
        var trace = run.Progress.Lanczos.LastOrDefault(t => t.Checkpoint == checkpoint && t.Operator == op);
        return trace is null ? null : ChartSeries.Of(run.Label, RitzValueSample.Points(trace.Iterations, run.Summary.Spec.Analysis), run.Color);
    }

    /// <summary>Each run's count per checkpoint (x = the checkpoint's place among all the runs'), with k and k − 1 when the runs share k.</summary>
    static IReadOnlyList<ChartSeries> Outliers(RunComparison comparison, string op)
    {
        var checkpoints = comparison.AnalysedCheckpoints;
        var series = new List<ChartSeries>();
        foreach (var run in comparison.Runs)
        {
            // "No clear gap" leaves a hole in the line, never a point at its candidate count.
            var counts = run.Progress.Outliers.Where(o => o.Operator == op)
                .GroupBy(o => o.Checkpoint)
                .Select(g => g.Last())
                .Where(o => o.ClearCount is not null)
                .Select(o => ((double)IndexOf(checkpoints, o.Checkpoint), (double)o.Count))
                .Where(p => p.Item1 >= 0)
                .OrderBy(p => p.Item1)
                .ToList();
            if (counts.Count > 0) series.Add(ChartSeries.Of(run.Label, counts, run.Color) with { Markers = true });
        }
        var classes = comparison.Runs.SelectMany(r => r.Progress.Outliers.Select(o => o.Classes)).Distinct().ToList();
        if (series.Count > 0 && classes is [var k])
        {
            var ends = new[] { 0.0, Math.Max(1, checkpoints.Count - 1.0) };
            series.Add(ChartSeries.Of("k", ends.Select(x => (x, (double)k)), "#616161") with { Dashed = true });
            series.Add(ChartSeries.Of("k − 1", ends.Select(x => (x, k - 1.0)), "#9e9e9e") with { Dashed = true });
        }
        return series;
    }

    static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == item) return i;
        return -1;
    }
}
