using HessianWeb.Shared.Specs;

namespace HessianWeb.Shared.Runs;

/// <summary>
/// Which Ritz values of one Lanczos iteration travel and are drawn. Iteration m has m of them, so a checkpoint of 100
/// steps holds 5,050, and one of 10,000 steps 5·10⁷: the worker sends each iteration's share of the chart's
/// <see cref="ChartPoints"/> instead, spent on the top k and the bottom k (the values being converged on, its extremes)
/// and on values evenly spaced between them (the bulk). The finished spectrum (<see cref="SpectrumResult"/>) keeps
/// every requested pair whole.
/// </summary>
public static class RitzValueSample
{
    /// <summary>About what a chart a thousand or two pixels wide can show (the server's downsampling budget too).</summary>
    public const int ChartPoints = 2_000;

    /// <summary>How many Ritz values each iteration may carry: the top and bottom k, or its share of the budget if more.</summary>
    public static int PerIteration(AnalysisSpec analysis) =>
        Math.Max(Math.Max(1, analysis.LanczosK + analysis.LanczosBottomK), ChartPoints / Math.Max(1, analysis.LanczosMaxSteps));

    /// <summary>
    /// Every iteration while the step limit allows; past ~2,000 points (more than 2,000 / (top + bottom k) steps),
    /// every n-th, so that a checkpoint's series stays about that size.
    /// </summary>
    public static int IterationStride(AnalysisSpec analysis) =>
        (int)Math.Max(1, Math.Ceiling((double)analysis.LanczosMaxSteps * PerIteration(analysis) / ChartPoints));

    public static bool Draws(int iteration, AnalysisSpec analysis) =>
        IterationStride(analysis) is var stride && (stride == 1 || iteration == 1 || iteration % stride == 0);

    /// <summary>The values kept, in the given order (descending); all of them while they fit.</summary>
    public static IReadOnlyList<double> Of(IReadOnlyList<double> ritzValues, AnalysisSpec analysis)
    {
        ArgumentNullException.ThrowIfNull(ritzValues);
        return Indices(ritzValues.Count, analysis).Select(i => ritzValues[i]).ToArray();
    }

    /// <summary>The places of the values kept out of <paramref name="count"/> (descending order): the top k, evenly
    /// spaced ones between, the bottom k.</summary>
    public static IReadOnlyList<int> Indices(int count, AnalysisSpec analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var quota = PerIteration(analysis);
        if (count <= quota) return Enumerable.Range(0, count).ToArray();
        var top = Math.Min(analysis.LanczosK, quota);
        var bottom = Math.Min(analysis.LanczosBottomK, quota - top);
        var middle = quota - top - bottom;
        var kept = new List<int>(quota);
        kept.AddRange(Enumerable.Range(0, top));
        var span = count - top - bottom;
        for (var j = 0; j < middle; j++) kept.Add(top + (int)((j + 0.5) * span / middle));
        kept.AddRange(Enumerable.Range(count - bottom, bottom));
        return kept;
    }

    /// <summary>One Lanczos step as it travels: named by its checkpoint and operator, with its share of the Ritz values
    /// and their bounds, and how many there were.</summary>
    /// <param name="step">The step with every Ritz value, as <c>Lanczos</c> reports it.</param>
    public static LanczosIteration Iteration(LanczosIteration step, string checkpoint, string @operator, AnalysisSpec analysis)
    {
        ArgumentNullException.ThrowIfNull(step);
        var kept = Indices(step.RitzValues.Length, analysis);
        return step with
        {
            Checkpoint = checkpoint,
            Operator = @operator,
            RitzValues = kept.Select(i => step.RitzValues[i]).ToArray(),
            ResidualBounds = kept.Select(i => step.ResidualBounds[i]).ToArray(),
            RitzCount = step.RitzValues.Length,
        };
    }

    /// <summary>(m, Ritz value) for the values the staircase draws of each iteration: the run page's chart and the comparison's.</summary>
    public static IEnumerable<(double, double)> Points(IEnumerable<LanczosIteration> iterations, AnalysisSpec analysis) =>
        iterations.Where(it => Draws(it.Iteration, analysis))
            .SelectMany(it => Of(it.RitzValues, analysis).Select(ritz => ((double)it.Iteration, ritz)));
}
