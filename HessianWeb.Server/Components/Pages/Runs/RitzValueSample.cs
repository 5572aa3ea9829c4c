using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// Which Ritz values of one Lanczos iteration the staircase draws. Iteration m has m of them, so a
/// checkpoint of 100 steps holds 5,050: each iteration gets an equal share of the chart's ~2,000
/// points, spent on the top k and the bottom k (the values being converged on, its extremes) and on
/// values evenly spaced between them (the bulk).
/// </summary>
public static class RitzValueSample
{
    /// <summary>How many Ritz values each iteration may draw: the top and bottom k, or its share of the budget if more.</summary>
    public static int PerIteration(AnalysisSpec analysis) =>
        Math.Max(Math.Max(1, analysis.LanczosK + analysis.LanczosBottomK), Downsampling.MaxPoints / Math.Max(1, analysis.LanczosMaxSteps));

    /// <summary>
    /// Every iteration while the step limit allows; past ~2,000 points (more than 2,000 / (top + bottom k) steps),
    /// every n-th, so that a checkpoint's series stays about that size.
    /// </summary>
    public static int IterationStride(AnalysisSpec analysis) =>
        (int)Math.Max(1, Math.Ceiling((double)analysis.LanczosMaxSteps * PerIteration(analysis) / Downsampling.MaxPoints));

    public static bool Draws(int iteration, AnalysisSpec analysis) =>
        IterationStride(analysis) is var stride && (stride == 1 || iteration == 1 || iteration % stride == 0);

    /// <summary>The values drawn, in the given order (descending); all of them while they fit.</summary>
    public static IReadOnlyList<double> Of(IReadOnlyList<double> ritzValues, AnalysisSpec analysis)
    {
        var quota = PerIteration(analysis);
        if (ritzValues.Count <= quota) return ritzValues;
        var top = Math.Min(analysis.LanczosK, quota);
        var bottom = Math.Min(analysis.LanczosBottomK, quota - top);
        var middle = quota - top - bottom;
        var kept = new List<double>(quota);
        kept.AddRange(ritzValues.Take(top));
        // Evenly spaced over the values between the top and the bottom ones.
        var from = top;
        var span = ritzValues.Count - top - bottom;
        for (var j = 0; j < middle; j++)
            kept.Add(ritzValues[from + (int)((j + 0.5) * span / middle)]);
        kept.AddRange(ritzValues.Skip(ritzValues.Count - bottom));
        return kept;
    }
}
