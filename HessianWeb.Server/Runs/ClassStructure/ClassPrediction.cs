using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.ClassStructure;

/// <summary>
/// How well G's class structure predicts k − 1 outliers of H at one checkpoint (docs/paper.md claim 2 and "Where the outliers
/// come from"): the drop in G_class + G_cross's eigenvalues after its (k − 1)-th (a prediction of k − 1 outliers is sharp
/// when it is large), and how much of H's top k − 1 eigenvalues those k − 1 explain (1: all of them; small: H's top is
/// carried by the within-class part, the points' spread around their class means, not by the class structure).
/// Measured against k on purpose: it checks the paper's prediction, it is not an outlier count.
/// </summary>
/// <param name="DropAfterKMinus1">μ_{k−1} / μ_k of G_class + G_cross's eigenvalues μ (∞ when μ_k is 0).</param>
/// <param name="ShareOfHessian">The mean over i &lt; k of μ_i / λ_i(H).</param>
public sealed record ClassPrediction(double DropAfterKMinus1, double ShareOfHessian)
{
    /// <returns>Null without both terms (over the memory budget), without H's top k − 1, or with k &lt; 2.</returns>
    public static ClassPrediction? Of(ClassStructureResult? structure, IReadOnlyList<double>? hessianTop)
    {
        if (structure?.MeansEigenvalues is not { } means || hessianTop is null) return null;
        var k = structure.Classes;
        if (k < 2 || means.Length < k || hessianTop.Count < k - 1 || hessianTop[k - 2] <= 0) return null;
        var drop = means[k - 1] > 0 ? means[k - 2] / means[k - 1] : double.PositiveInfinity;
        var share = Enumerable.Range(0, k - 1).Average(i => means[i] / hessianTop[i]);
        return new ClassPrediction(drop, share);
    }
}
