namespace HessianWeb.Client.Spectral;

/// <summary>How many eigenvalues stand out above the bulk, and where the bulk's right edge was put.</summary>
/// <param name="Count">Eigenvalues above the edge: the outliers the data show (never forced to k).</param>
/// <param name="BulkEdge">The bulk's right edge: the largest eigenvalue counted in the bulk.</param>
/// <param name="GapRatio">λ_Count / λ_{Count+1}, the ratio across the chosen gap: how clear it is.</param>
/// <param name="RunnerUpGapRatio">The largest ratio across any other gap considered (1 when there is none): a second
/// gap almost as wide means the count is ambiguous.</param>
/// <param name="Method">How the edge was found, in words, for the report.</param>
/// <param name="Classes">k, the classes (or clusters) of the data, shown beside Count with k − 1.</param>
/// <param name="AtEndOfList">The gap is the last one among the eigenvalues given: with only the top of the spectrum
/// (Lanczos top-K) the bulk may begin further down, so Count is a lower bound.</param>
public sealed record OutlierEstimate(
    int Count, double BulkEdge, double GapRatio, double RunnerUpGapRatio, string Method, int? Classes, bool AtEndOfList)
{
    /// <summary>k − 1, the count softmax cross-entropy would suggest (PAPER.md claim 2).</summary>
    public int? ClassesMinusOne => Classes - 1;
}
