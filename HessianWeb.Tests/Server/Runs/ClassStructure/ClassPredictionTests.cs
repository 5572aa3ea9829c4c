using HessianWeb.Server.Runs.ClassStructure;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Runs.ClassStructure;

/// <summary>The k − 1 prediction of G's class structure against H's top eigenvalues, on numbers worked by hand.</summary>
public sealed class ClassPredictionTests
{
    static ClassStructureResult Structure(int classes, double[]? means) => new(
        Checkpoints.Init, classes, means is null ? ClassStructureScopes.ClassOnly : ClassStructureScopes.ClassAndCross, [1, 0.5, 0.1],
        means is null ? null : [], means, 1, 1, null, null, [10, 10, 10], 0, 0, null, "crossEntropy", 9, 0);

    [Fact]
    public void The_drop_is_after_the_k_minus_1_th_mean_eigenvalue_and_the_share_averages_the_top_k_minus_1()
    {
        // k = 3: μ = 4, 2, 0.01, …; λ(H) = 5, 2.5: drop 2 / 0.01 = 200, share (4/5 + 2/2.5) / 2 = 0.8.
        var prediction = ClassPrediction.Of(Structure(3, [4, 2, 0.01, 0.001]), [5, 2.5, 1]);
        Assert.NotNull(prediction);
        Assert.Equal(200, prediction.DropAfterKMinus1, 10);
        Assert.Equal(0.8, prediction.ShareOfHessian, 12);
        Assert.Equal(double.PositiveInfinity, ClassPrediction.Of(Structure(2, [3, 0]), [6])!.DropAfterKMinus1);
    }

    [Fact]
    public void Nothing_is_predicted_without_both_terms_or_H()
    {
        Assert.Null(ClassPrediction.Of(Structure(3, null), [5, 2.5]));
        Assert.Null(ClassPrediction.Of(Structure(3, [4, 2, 0.01]), null));
        Assert.Null(ClassPrediction.Of(Structure(3, [4, 2]), [5, 2.5]));
        Assert.Null(ClassPrediction.Of(null, [5, 2.5]));
    }
}
