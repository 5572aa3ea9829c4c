namespace HessianWeb.Shared.Runs;

/// <summary>
/// The class structure of the Gauss–Newton matrix at one checkpoint (Papyan 2019, 2020; docs/paper.md "Where the outliers
/// come from"): with g_{i,c'} = √p_{i,c'}·J_iᵀ(e_c' − p_i) for softmax cross-entropy (so that H_ℓ,i = Σ_c' p_{i,c'}(e_c' − p_i)(e_c' − p_i)ᵀ and
/// G = (1/N)·Σ_i Σ_c' g_{i,c'}g_{i,c'}ᵀ) and δ_{c,c'} the mean of g_{i,c'} over the curvature sample's points of true class c, G = G_class + G_cross + G_within, G_class = Σ_c π_c·δ_{c,c}δ_{c,c}ᵀ and G_cross = Σ_{c≠c'} π_c·δ_{c,c'}δ_{c,c'}ᵀ.
/// The eigenvalues of the class term are the <em>predicted</em> outliers, to set beside H's and G's measured top eigenvalues.
/// </summary>
/// <param name="Classes">C, the model's outputs.</param>
/// <param name="Scope">What was computed (<see cref="ClassStructureScopes"/>): both terms, the class term only, or nothing,
/// as the memory budget allowed.</param>
/// <param name="ClassEigenvalues">G_class's C eigenvalues, descending (empty when <paramref name="Scope"/> is none).</param>
/// <param name="CrossEigenvalues">G_cross's largest eigenvalues, descending (at most <see cref="ClassStructureScopes.MaxCrossEigenvalues"/>); null unless both terms were computed.</param>
/// <param name="MeansEigenvalues">The largest eigenvalues of G_class + G_cross, all C² means together (same cap); null unless both terms were computed.</param>
/// <param name="ClassTrace">tr(G_class) = Σ_c π_c·‖δ_{c,c}‖².</param>
/// <param name="CrossTrace">tr(G_cross).</param>
/// <param name="GaussNewtonTrace">tr(G) exactly, when the explicit G was formed at this checkpoint; else null.</param>
/// <param name="WithinTrace">tr(G_within) = tr(G) − tr(G_class) − tr(G_cross), when tr(G) is known exactly.</param>
/// <param name="ClassCounts">n_c, the curvature sample's points of each class.</param>
/// <param name="VectorBytes">What the C² mean vectors (C·C·M float64) would take.</param>
/// <param name="BudgetBytes">The most the worker would hold of them.</param>
/// <param name="Note">Why a term is missing, in words; null when both were computed.</param>
/// <param name="Loss">"crossEntropy" or "meanSquaredError": for MSE H_ℓ = (2/C)·I and g_{i,c'} = √(2/C)·J_iᵀe_c'.</param>
/// <param name="Passes">Backward passes taken (one per class, logit and mini-batch holding that class).</param>
public sealed record ClassStructureResult(
    string Checkpoint, int Classes, string Scope, double[] ClassEigenvalues, double[]? CrossEigenvalues, double[]? MeansEigenvalues,
    double? ClassTrace, double? CrossTrace, double? GaussNewtonTrace, double? WithinTrace, long[] ClassCounts,
    long VectorBytes, long BudgetBytes, string? Note, string Loss, int Passes, double Seconds);

public static class ClassStructureScopes
{
    /// <summary>Both G_class and G_cross.</summary>
    public const string ClassAndCross = "classAndCross";
    /// <summary>G_class only: the C² vectors were over the budget, the C class means were not.</summary>
    public const string ClassOnly = "classOnly";
    /// <summary>Nothing: even the C class means were over the budget.</summary>
    public const string None = "none";
    /// <summary>How many of the cross and all-means terms' eigenvalues are reported.</summary>
    public const int MaxCrossEigenvalues = 100;
}
