using System.Text.Json.Nodes;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps.Presets;
using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Sweeps.Pages;

/// <summary>The sweep page's numbers: mean ± one sample standard deviation over the repeats, along the swept axis.</summary>
public sealed class SweepAggregationTests
{
    const double Tolerance = 1e-12;

    static SweepAxis Axis(string path, params object[] values) => new(path, values.Select(v => JsonNode.Parse(v.ToString()!)).ToList());

    static SweepRun Run(int index, JsonObject axes, int? outliers, double? top = null) =>
        new(Guid.NewGuid(), $"run {index}", index, outliers is null ? RunStatus.Running : RunStatus.Completed, null, axes, 109,
            outliers, false, 0.5, 4, top, top is null ? null : [top.Value, top.Value / 2], 0.01, 1, outliers is null ? null : outliers + 1);

    static JsonObject At(params (string Path, JsonNode? Value)[] values)
    {
        var json = new JsonObject();
        foreach (var (path, value) in values) json[path] = value;
        return json;
    }

    static SweepSummary Sweep(IReadOnlyList<SweepAxis> axes, params SweepRun[] runs) =>
        new(Guid.NewGuid(), "s", SweepPresets.OutliersVsClasses, DateTime.UtcNow, axes, new Dictionary<RunStatus, int>(), runs);

    [Fact]
    public void Summarise_gives_the_mean_and_the_sample_standard_deviation()
    {
        var p = SweepAggregation.Summarise(7, [1, 2, 3, 4]);
        Assert.Equal((7, 2.5, 4), (p.X, p.Mean, p.Count));
        Assert.Equal(Math.Sqrt(5.0 / 3), p.StandardDeviation, Tolerance); // Σ(x − 2.5)² = 5, over n − 1 = 3
        Assert.Equal(2.5 - Math.Sqrt(5.0 / 3), p.Low, Tolerance);
        Assert.Equal(2.5 + Math.Sqrt(5.0 / 3), p.High, Tolerance);
        Assert.Equal(0, SweepAggregation.Summarise(0, [3.5]).StandardDeviation);
    }

    [Fact]
    public void Runs_are_averaged_over_the_seed_axis_at_each_value_of_the_swept_axis_leaving_out_runs_without_the_quantity()
    {
        var axes = new[] { Axis("data.classes", 2, 3), Axis("model.seed", 0, 1, 2) };
        var sweep = Sweep(axes,
            Run(0, At(("data.classes", 2), ("model.seed", 0)), 1),
            Run(1, At(("data.classes", 2), ("model.seed", 1)), 1),
            Run(2, At(("data.classes", 2), ("model.seed", 2)), 2),
            Run(3, At(("data.classes", 3), ("model.seed", 0)), 2),
            Run(4, At(("data.classes", 3), ("model.seed", 1)), 2),
            Run(5, At(("data.classes", 3), ("model.seed", 2)), null));
        var aggregation = new SweepAggregation(sweep);

        Assert.Equal("data.classes", aggregation.XAxis!.Path);
        Assert.True(aggregation.NumericX);
        var line = Assert.Single(aggregation.Aggregate(r => r.Outliers));
        Assert.Equal("", line.Name);
        Assert.Equal(new[] { 2.0, 3.0 }, line.Points.Select(p => p.X));
        Assert.Equal(4.0 / 3, line.Points[0].Mean, Tolerance);
        Assert.Equal(Math.Sqrt(1.0 / 3), line.Points[0].StandardDeviation, Tolerance); // (1/9 + 1/9 + 4/9) / 2
        Assert.Equal((2.0, 0.0, 2), (line.Points[1].Mean, line.Points[1].StandardDeviation, line.Points[1].Count));

        var byM = Assert.Single(aggregation.Aggregate(r => r.Outliers, r => r.ParameterCount));
        Assert.Equal(109, Assert.Single(byM.Points).X);
        Assert.Equal(8.0 / 5, byM.Points[0].Mean, Tolerance); // 1 + 1 + 2 + 2 + 2 over the five runs with a count

        var series = SweepOutliersChart.ToSeries(aggregation).ToList();
        Assert.Equal(new[] { "at end ± sd", "at end", "at init ± sd", "at init", "k", "k − 1" }, series.Select(s => s.Name));
        Assert.Equal(new[] { 2.0, 4.0 / 3 - Math.Sqrt(1.0 / 3), 4.0 / 3 + Math.Sqrt(1.0 / 3) }, series[0].Points[0], new ToleranceComparer());
        Assert.Equal([[2.0, 7.0 / 3], [3.0, 3.0]], series[3].Points); // each run's init count is its end count + 1
        Assert.Equal([[2.0, 2.0], [3.0, 3.0]], series[4].Points);
        Assert.Equal([[2.0, 1.0], [3.0, 2.0]], series[5].Points);
    }

    [Fact]
    public void A_second_swept_axis_makes_one_line_per_value_and_a_non_numeric_axis_is_plotted_at_positions()
    {
        var axes = new[] { Axis("model.hiddenWidths", "[10, 5]", "[20]"), Axis("model.activation", "\"relu\"", "\"tanh\""), Axis("training.seed", 0, 1) };
        var runs = new List<SweepRun>();
        foreach (var (widths, w) in new[] { ("[10, 5]", 0), ("[20]", 1) })
            foreach (var act in new[] { "relu", "tanh" })
                foreach (var seed in new[] { 0, 1 })
                    runs.Add(Run(runs.Count, At(("model.hiddenWidths", JsonNode.Parse(widths)), ("model.activation", act), ("training.seed", seed)),
                        10 * w + (act == "tanh" ? 5 : 0) + seed));
        var aggregation = new SweepAggregation(Sweep(axes, [.. runs]));

        Assert.False(aggregation.NumericX);
        Assert.Equal(new[] { "[10,5]", "[20]" }, aggregation.XLabels);
        var lines = aggregation.Aggregate(r => r.Outliers);
        Assert.Equal(new[] { "activation = \"relu\"", "activation = \"tanh\"" }, lines.Select(l => l.Name));
        Assert.Equal(new[] { (0.0, 0.5), (1.0, 10.5) }, lines[0].Points.Select(p => (p.X, p.Mean)));
        Assert.Equal(new[] { (0.0, 5.5), (1.0, 15.5) }, lines[1].Points.Select(p => (p.X, p.Mean)));
        Assert.All(lines.SelectMany(l => l.Points), p => Assert.Equal(Math.Sqrt(0.5), p.StandardDeviation, Tolerance));
    }

    [Fact]
    public void The_outliers_vs_classes_finding_is_computed_from_the_means()
    {
        var axes = new[] { Axis("data.classes", 2, 3, 4), Axis("model.seed", 0, 1) };
        var sweep = Sweep(axes,
            Run(0, At(("data.classes", 2), ("model.seed", 0)), 1), Run(1, At(("data.classes", 2), ("model.seed", 1)), 1),
            Run(2, At(("data.classes", 3), ("model.seed", 0)), 2), Run(3, At(("data.classes", 3), ("model.seed", 1)), 3),
            Run(4, At(("data.classes", 4), ("model.seed", 0)), 4), Run(5, At(("data.classes", 4), ("model.seed", 1)), 4));

        var text = PresetFindings.OutliersVsClasses(new SweepAggregation(sweep));

        Assert.StartsWith("at the end of training the mean number of outliers was 1 at k = 2, 2.5 at k = 3, 4 at k = 4", text);
        // |1 − 1| ≤ ½ and |2.5 − 2| ≤ ½ are k − 1; |2.5 − 3| ≤ ½ and |4 − 4| are k.
        Assert.Contains("within ½ of k − 1 at 2 and of k at 2 of the 3 class counts (means over up to 2 repeats)", text);
        Assert.Contains("has slope 1.5 (one more outlier per class is 1)", text); // slope of (2, 1), (3, 2.5), (4, 4)
        // Run by run: ranks of k (1.5, 1.5, 3.5, 3.5, 5.5, 5.5) and of the counts (1.5, 1.5, 3, 4, 5.5, 5.5): ρ = 16 / √(16 · 16.5).
        Assert.Contains("Run by run, 6 of 6 counts fell within k − 2 … k + 1 and Spearman's rank correlation between k and the count was 0.985: the counts follow k.", text);
        // Each init count is the end count + 1: 2, 3.5, 5, so within ½ of k at k = 2 and 3, of k − 1 at none.
        Assert.Contains("At initialisation the mean number of outliers was 2 at k = 2, 3.5 at k = 3, 5 at k = 4: within ½ of k − 1 at 0 and of k at 2", text);
        Assert.Equal(PresetFindings.NothingYet, PresetFindings.OutliersVsClasses(new SweepAggregation(Sweep(axes, Run(0, At(("data.classes", 2), ("model.seed", 0)), null)))));
        Assert.DoesNotContain("class structure", text);
    }

    [Fact]
    public void The_training_finding_counts_converged_runs_and_runs_at_the_edge_of_stability()
    {
        var axes = new[] { Axis("data.classes", 2, 3, 4) };
        var sweep = Sweep(axes,
            Run(0, At(("data.classes", 2)), 1, top: 19) with { Training = new(0.2, false, 20) },  // 19 ≥ 0.9 · 20
            Run(1, At(("data.classes", 3)), 2, top: 25) with { Training = new(0.6, false, 20) },
            Run(2, At(("data.classes", 4)), 3, top: 1) with { Training = new(0.5, true, 20) });

        Assert.Equal("Training reached its gradient-norm tolerance in 1 of 3 runs; λ₁ at the end was within 10 % of 2/η = 20 or above it "
            + "in 2 of 3, gradient descent's edge of stability, where it stops settling (median ‖∇L‖ 0.4 there, 0.5 in the others).",
            PresetFindings.Training(sweep));
        Assert.Contains("Training reached", PresetFindings.OutliersVsClasses(new SweepAggregation(sweep)));
    }

    [Fact]
    public void The_outliers_vs_classes_finding_gives_the_class_structure_prediction_as_ranges_over_the_runs()
    {
        var axes = new[] { Axis("data.classes", 2, 3) };
        var sweep = Sweep(axes,
            Run(0, At(("data.classes", 2)), 1) with { InitPrediction = new(50, 0.9), Prediction = new(2, 0.1) },
            Run(1, At(("data.classes", 3)), 2) with { InitPrediction = new(700, 1), Prediction = null });

        var text = PresetFindings.OutliersVsClasses(new SweepAggregation(sweep));

        Assert.Contains("G's class structure (its class and cross-class means, Papyan 2020): at initialisation its k − 1 largest eigenvalues "
            + "stood 50–700 times above its k-th and were 90–100 % of H's top k − 1 (2 runs); at the end its k − 1 largest eigenvalues "
            + "stood 2 times above its k-th and were 10 % of H's top k − 1 (1 run).", text);
    }

    [Fact]
    public void Runs_with_no_clear_gap_are_counted_apart_and_left_out_of_the_means()
    {
        var axes = new[] { Axis("data.classes", 2, 3), Axis("model.seed", 0, 1) };
        var unclear = Run(1, At(("data.classes", 2), ("model.seed", 1)), null) with
            { Status = RunStatus.Completed, NoClearGap = true, InitOutliers = null, InitNoClearGap = true };
        var sweep = Sweep(axes,
            Run(0, At(("data.classes", 2), ("model.seed", 0)), 1), unclear,
            Run(2, At(("data.classes", 3), ("model.seed", 0)), 2), Run(3, At(("data.classes", 3), ("model.seed", 1)), 3));

        var text = PresetFindings.OutliersVsClasses(new SweepAggregation(sweep));

        // k = 2's mean is run 0's 1 alone, not (1 + 0)/2.
        Assert.StartsWith("at the end of training the mean number of outliers was 1 at k = 2, 2.5 at k = 3", text);
        Assert.Contains("(1 run with no clear gap, left out of the means.)", text);
        var allUnclear = Sweep(axes, unclear);
        Assert.Equal("at the end of training no run showed a clear gap (1 run with no clear gap).", PresetFindings.OutliersVsClasses(new SweepAggregation(allUnclear)));
    }

    [Fact]
    public void The_share_near_zero_comes_from_the_eigenvalues_or_the_density_mass()
    {
        Assert.Equal(0.6, SpectrumMeasures.FractionBelow([5.0, 0.1, -0.05, 0.0, 2.0], 0.5), Tolerance);
        // A uniform density on [−1, 1] (∫ = 1) has mass 0.5 on |λ| < 0.5; the grid has points at ±0.5 and the trapezoids are exact.
        var grid = Enumerable.Range(0, 41).Select(i => -1 + i * 0.05).ToArray();
        var density = new DensityResult("end", CurvatureOperators.Hessian, grid, grid.Select(_ => 0.5).ToArray(), [], 0.01, 1, 10, "rademacher", 10);
        Assert.Equal(0.5, SpectrumMeasures.FractionBelow(density, 0.5 + 1e-9), 1e-9);
    }

    sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= Tolerance;
        public int GetHashCode(double value) => 0;
    }
}
