namespace HessianWeb.Client.Spectral;

/// <summary>How many eigenvalues stand out above the bulk, where the bulk's right edge was put, and the evidence.</summary>
/// <param name="Count">Eigenvalues above the edge by Onatski's rule (0 when no gap passes the threshold). Read it only
/// when <see cref="NoClearGap"/> is false.</param>
/// <param name="BulkEdge">λ_{Count+1}: the largest eigenvalue counted in the bulk.</param>
/// <param name="GapStatistic">(λ_Count − λ_{Count+1}) / <see cref="EdgeSpacing"/> (0 when Count is 0).</param>
/// <param name="EdgeSpacing">|β|, the calibrated spacing at the bulk's edge (at least the rounding level).</param>
/// <param name="RunnerUpCount">The strongest other count: the i ≠ Count whose gap has the largest statistic (0: none).</param>
/// <param name="RunnerUpStatistic">Its gap over <see cref="EdgeSpacing"/>.</param>
/// <param name="MaxCount">The most that could be counted: 10 % of M, and the eigenvalues given above the rounding level
/// less the calibration window.</param>
/// <param name="NoClearGap">The evidence is weak (<see cref="OutlierEvidence.IsWeak"/>): report no number.</param>
/// <param name="GapRatio">λ_Count / λ_{Count+1} (∞ when λ_{Count+1} ≤ 0, 1 when Count is 0), for the log-scale eye.</param>
/// <param name="Method">How the edge was found, in words, for the report.</param>
/// <param name="Classes">k, the classes (or clusters) of the data, shown beside Count with k − 1.</param>
/// <param name="LowerBound">Only the top of a larger spectrum was given and it limited <see cref="MaxCount"/> (Lanczos
/// top-K): more eigenvalues might have been counted, so a count at that limit is a lower bound.</param>
public sealed record OutlierEstimate(
    int Count, double BulkEdge, double GapStatistic, double EdgeSpacing, int RunnerUpCount, double RunnerUpStatistic,
    int MaxCount, bool NoClearGap, double GapRatio, string Method, int? Classes, bool LowerBound)
{
    /// <summary>k − 1, the count softmax cross-entropy would suggest (docs/paper.md claim 2).</summary>
    public int? ClassesMinusOne => Classes - 1;

    /// <summary>The count when the evidence is clear, else null.</summary>
    public int? ClearCount => NoClearGap ? null : Count;

    /// <summary>The middle of the chosen gap, (λ_Count + λ_{Count+1})/2: where a density's mass is split into outliers and bulk.</summary>
    public double GapMiddle => BulkEdge + 0.5 * GapStatistic * EdgeSpacing;
}
