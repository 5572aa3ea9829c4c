using HessianWeb.Shared.Specs;
using HessianWeb.Server.Components;
using HessianWeb.Server.Runs.ClassStructure;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>What a preset's sweep measured, in words computed from its results (never canned: every number is the runs').</summary>
public static class PresetFindings
{
    public const string NothingYet = "no run has finished its analysis at the end of training yet.";

    /// <summary>Preset 1: the mean count at each k beside k and k − 1, and the least-squares slope of count on k.</summary>
    public static string OutliersVsClasses(SweepAggregation aggregation)
    {
        if (aggregation.XAxis?.Path != SpecFields.Data.Classes) return $"this preset expects {SpecFields.Data.Classes} as its first swept axis.";
        var end = aggregation.Aggregate(r => r.Outliers).SelectMany(l => l.Points).ToList();
        var unclearEnd = aggregation.Sweep.Runs.Count(r => r.NoClearGap);
        if (end.Count == 0)
            return unclearEnd == 0 ? NothingYet : $"at the end of training no run showed a clear gap ({NoClearGap(unclearEnd)}).";
        var text = "at the end of training " + AgainstK(end) + Apart(unclearEnd) + Spaced(ClassCountAgreement.Of(aggregation.Sweep, atInit: false).Describe());
        var init = aggregation.Aggregate(r => r.InitOutliers).SelectMany(l => l.Points).ToList();
        var unclearInit = aggregation.Sweep.Runs.Count(r => r.InitNoClearGap);
        if (init.Count > 0) text += " At initialisation " + AgainstK(init) + Apart(unclearInit) + Spaced(ClassCountAgreement.Of(aggregation.Sweep, atInit: true).Describe());
        else if (unclearInit > 0) text += $" At initialisation no run showed a clear gap ({NoClearGap(unclearInit)}).";
        return text + Spaced(ClassPredictions(aggregation.Sweep)) + Spaced(Training(aggregation.Sweep));
    }

    /// <summary>How many runs converged, and how many ended with λ₁ at gradient descent's edge of stability (<see cref="TrainingEnd"/>).</summary>
    public static string Training(SweepSummary sweep)
    {
        var ended = sweep.Runs.Where(r => r.Training is not null && r.Status == Shared.Runs.RunStatus.Completed).ToList();
        if (ended.Count == 0) return "";
        var text = $"Training reached its gradient-norm tolerance in {ended.Count(r => r.Training!.Converged)} of {ended.Count} runs";
        var limited = ended.Where(r => r.Training!.StabilityLimit is not null && r.TopEigenvalue is not null).ToList();
        if (limited.Count > 0)
        {
            var atEdge = limited.Where(r => r.Training!.AtEdgeOfStability(r.TopEigenvalue)).ToList();
            var settled = limited.Except(atEdge).ToList();
            text += $"; λ₁ at the end was within {NumberFormat.Percent(1 - TrainingEnd.EdgeShare)} of 2/η"
                + (sweep.StabilityLimit is { } limit ? $" = {Format(limit)}" : "")
                + $" or above it in {atEdge.Count} of {limited.Count}, gradient descent's edge of stability, where it stops settling";
            if (atEdge.Count > 0 && settled.Count > 0)
                text += $" (median ‖∇L‖ {Format(Median(atEdge.Select(r => r.Training!.GradNorm)))} there, {Format(Median(settled.Select(r => r.Training!.GradNorm)))} in the others)";
        }
        return text + ".";
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>What G's class structure predicted at init and at the end (<see cref="ClassPrediction"/>), as ranges over the runs.</summary>
    static string ClassPredictions(SweepSummary sweep)
    {
        string? At(string when, IReadOnlyList<ClassPrediction> p) => p.Count == 0 ? null :
            $"{when} its k − 1 largest eigenvalues stood {Range(p.Select(x => x.DropAfterKMinus1))} times above its k-th "
            + $"and were {Range(p.Select(x => 100 * x.ShareOfHessian))} % of H's top k − 1 ({p.Count} {(p.Count == 1 ? "run" : "runs")})";
        var init = At("at initialisation", sweep.Runs.Select(r => r.InitPrediction).OfType<ClassPrediction>().ToList());
        var end = At("at the end", sweep.Runs.Select(r => r.Prediction).OfType<ClassPrediction>().ToList());
        if (init is null && end is null) return "";
        return "G's class structure (its class and cross-class means, Papyan 2020): " + string.Join("; ", new[] { init, end }.OfType<string>()) + ".";
    }

    static string Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (low, high) = (list.Min(), list.Max());
        return Format(low) == Format(high) ? Format(low) : $"{Format(low)}–{Format(high)}";
    }

    static string Spaced(string sentence) => sentence.Length == 0 ? "" : " " + sentence;

    /// <summary>Runs whose spectrum showed no clear gap are counted apart: they have no number to average.</summary>
    static string Apart(int runs) => runs == 0 ? "" : $" ({NoClearGap(runs)}, left out of the means.)";

    static string NoClearGap(int runs) => $"{runs} {(runs == 1 ? "run" : "runs")} with no clear gap";

    /// <summary>The mean count at each k, how many are within ½ of k − 1 and of k, and the slope of count on k.</summary>
    static string AgainstK(IReadOnlyList<AggregatePoint> points)
    {
        var nearKm1 = points.Count(p => Math.Abs(p.Mean - (p.X - 1)) <= 0.5);
        var nearK = points.Count(p => Math.Abs(p.Mean - p.X) <= 0.5);
        var text = $"the mean number of outliers was {Pairs(points, "k")}: "
            + $"within ½ of k − 1 at {nearKm1} and of k at {nearK} of the {points.Count} class {(points.Count == 1 ? "count" : "counts")}"
            + Repeats(points);
        if (points.Count >= 2)
            text += $"; a least-squares line through the means has slope {Format(Slope(points.Select(p => (p.X, p.Mean)).ToList()))} (one more outlier per class is 1)";
        return text + ".";
    }

    /// <summary>Preset 2: the count, λ₁ and the bulk's edge at the sharpest and the most blurred data.</summary>
    public static string Separability(SweepAggregation aggregation)
    {
        var counts = aggregation.Aggregate(r => r.Outliers).SelectMany(l => l.Points).ToList();
        var tops = aggregation.Aggregate(r => r.TopEigenvalue).SelectMany(l => l.Points).ToList();
        var edges = aggregation.Aggregate(r => r.BulkEdge).SelectMany(l => l.Points).ToList();
        if (counts.Count == 0 || tops.Count == 0) return NothingYet;
        var axis = aggregation.XAxis?.Path is { } path ? SpecPath.ShortName(path) : "x";
        var k = aggregation.Sweep.Runs.Select(r => r.Classes).OfType<int>().FirstOrDefault();
        string At(AggregatePoint c, AggregatePoint t, AggregatePoint? e) =>
            $"at {axis} {Format(c.X)}: {Format(c.Mean)} outliers, λ₁ = {Format(t.Mean)}" + (e is null ? "" : $", bulk edge {Format(e.Mean)}");
        var text = $"mean over the repeats, {At(counts[0], tops[0], edges.FirstOrDefault(e => e.X == counts[0].X))}";
        if (counts.Count >= 2 && tops.Count >= 2)
        {
            text += $"; {At(counts[^1], tops[^1], edges.LastOrDefault(e => e.X == counts[^1].X))}. "
                + $"λ₁ changed by {Percent(tops[0].Mean, tops[^1].Mean)} across the axis";
            if (edges.Count >= 2) text += $", the bulk's edge by {Percent(edges[0].Mean, edges[^1].Mean)}";
            text += $"; the count moved from {Format(counts[0].Mean)} to {Format(counts[^1].Mean)}";
        }
        if (k > 0) text += $" (k = {k}, k − 1 = {k - 1})";
        return text + ".";
    }

    /// <summary>Preset 3: the share near zero and the outlier count at the smallest and the largest M.</summary>
    /// <param name="fractions">The share of |λ| near zero per M (mean over repeats), M ascending.</param>
    /// <param name="fromExact">Every share came from an exact spectrum rather than a density.</param>
    public static string BulkVsParameters(IReadOnlyList<AggregatePoint> fractions, IReadOnlyList<AggregatePoint> outliers, bool lowerBounds, bool fromExact)
    {
        if (fractions.Count == 0) return NothingYet;
        var source = fromExact ? "the exact spectra" : "the SLQ densities (blurred by their broadening)";
        var text = $"from {source}, the share of eigenvalues with |λ| < {NumberFormat.Percent(BulkVsParametersPanel.Threshold)} of λ₁ was {NumberFormat.Percent(fractions[0].Mean)} at M = {NumberFormat.Count((long)fractions[0].X)}";
        if (fractions.Count >= 2)
        {
            text += $" and {NumberFormat.Percent(fractions[^1].Mean)} at M = {NumberFormat.Count((long)fractions[^1].X)}";
            var rising = fractions.Zip(fractions.Skip(1)).Count(p => p.Second.Mean > p.First.Mean);
            text += $"; it rose at {rising} of the {fractions.Count - 1} steps in M";
        }
        text += ".";
        if (outliers.Count > 0)
        {
            text += $" The outlier count went from {Format(outliers[0].Mean)} to {Format(outliers[^1].Mean)} (mean; range {Format(outliers.Min(o => o.Mean))} … {Format(outliers.Max(o => o.Mean))})";
            text += lowerBounds ? ", lower bounds where only Lanczos's top eigenvalues were seen." : ".";
        }
        return text;
    }

    /// <summary>Preset 5: ‖R‖ at init and at the end against ‖H‖, and whether G carries H's outliers at the end.</summary>
    /// <param name="residual">‖R‖ per checkpoint (x: the place in <paramref name="checkpoints"/>), mean over runs.</param>
    public static string GaussNewton(IReadOnlyList<AggregatePoint> residual, IReadOnlyList<AggregatePoint> hessian, IReadOnlyList<string> checkpoints, IReadOnlyList<GaussNewtonEnd> ends)
    {
        if (residual.Count == 0 || ends.Count == 0) return NothingYet;
        string Label(AggregatePoint p) => checkpoints[(int)p.X];
        double? Ratio(AggregatePoint r) => hessian.FirstOrDefault(h => h.X == r.X) is { Mean: > 0 } h ? r.Mean / h.Mean : null;
        var (first, last) = (residual[0], residual[^1]);
        var text = $"‖R‖ (its largest |λ|, mean over {ends.Count} {(ends.Count == 1 ? "run" : "runs")}) was {Format(first.Mean)} at {Label(first)}";
        if (Ratio(first) is { } r0) text += $" ({NumberFormat.Percent(r0)} of ‖H‖)";
        if (residual.Count >= 2)
        {
            text += $" and {Format(last.Mean)} at {Label(last)}";
            if (Ratio(last) is { } r1) text += $" ({NumberFormat.Percent(r1)} of ‖H‖)";
            text += $": {Percent(first.Mean, last.Mean)}";
        }
        text += ".";
        var counted = ends.Where(e => e.HessianOutliers is not null && e.GaussNewtonOutliers is not null).ToList();
        if (counted.Count > 0)
            text += $" At the end, G had as many outliers as H in {counted.Count(e => e.HessianOutliers == e.GaussNewtonOutliers)} of {counted.Count} runs"
                + $" (H: {string.Join(", ", counted.Select(e => e.HessianOutliers))}; G: {string.Join(", ", counted.Select(e => e.GaussNewtonOutliers))}).";
        var tops = ends.Where(e => e.HessianTop is > 0 && e.GaussNewtonTop is not null).ToList();
        if (tops.Count > 0)
            text += $" λ₁(G) was within {SmallPercent(tops.Max(e => Math.Abs(e.GaussNewtonTop!.Value - e.HessianTop!.Value) / e.HessianTop!.Value))} of λ₁(H) in every run.";
        return text;
    }

    /// <summary>The least-squares slope of y on x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx == 0 ? double.NaN : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }

    /// <summary>"+12 %", "−63 %": the change from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string Percent(double from, double to)
    {
        if (from == 0) return "—";
        var change = 100 * (to - from) / Math.Abs(from);
        return (change >= 0 ? "+" : "−") + NumberFormat.Significant(Math.Abs(change), 2) + " %";
    }

    public static string Format(double value) => NumberFormat.Significant(value, 3);

    /// <summary>"12 %", "0.034 %": two significant digits, so a small difference does not read as none.</summary>
    public static string SmallPercent(double fraction) => NumberFormat.Significant(100 * fraction, 2) + " %";

    /// <summary>"1 at k = 2, 2.3 at k = 3, …".</summary>
    static string Pairs(IEnumerable<AggregatePoint> points, string x) =>
        string.Join(", ", points.Select(p => $"{Format(p.Mean)} at {x} = {Format(p.X)}"));

    static string Repeats(IReadOnlyList<AggregatePoint> points)
    {
        var most = points.Max(p => p.Count);
        return most > 1 ? $" (means over up to {most} repeats)" : "";
    }
}
