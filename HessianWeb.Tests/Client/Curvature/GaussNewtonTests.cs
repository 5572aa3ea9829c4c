using HessianWeb.Client.Curvature;
using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;

namespace HessianWeb.Tests.Client.Curvature;

public class GaussNewtonTests
{
    [Theory]
    [InlineData(LossFunction.CrossEntropy, null)]
    [InlineData(LossFunction.MeanSquaredError, null)]
    [InlineData(LossFunction.CrossEntropy, 9)]
    public void Products_equal_the_gauss_newton_matrix_formed_from_per_sample_jacobians(LossFunction loss, int? batchSize)
    {
        var (model, train) = CurvatureFixtures.Model([5, 4], trainSize: 30);
        using var _ = model;
        using var __ = train;
        var expected = CurvatureFixtures.GaussNewtonFromJacobians(model, train, loss);

        using var objective = TrainingObjective.Of(model, train, loss, new CurvatureSample(BatchSize: batchSize));
        using var product = new GaussNewtonVectorProduct(objective);
        var random = new SeededRandom(3);
        var v = Enumerable.Range(0, product.Dimension).Select(_ => random.NextNormal()).ToArray();
        var gv = new double[product.Dimension];
        product.Apply(v, gv);

        var reference = expected * Vector<double>.Build.DenseOfArray(v);
        var scale = reference.AbsoluteMaximum();
        for (var i = 0; i < gv.Length; i++) Assert.True(Math.Abs(gv[i] - reference[i]) <= 1e-12 * scale, $"(Gv)_{i}: {gv[i]:R} vs {reference[i]:R}");
    }

    [Theory]
    [InlineData(LossFunction.CrossEntropy)]
    [InlineData(LossFunction.MeanSquaredError)]
    public void On_the_quickstart_h_equals_g_plus_r_to_1e_10_and_g_is_positive_semidefinite(LossFunction loss)
    {
        var (model, train) = CurvatureFixtures.Quickstart();
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train, loss);

        var h = CurvatureFixtures.Square(ExactCurvature.Hessian(objective));
        var g = CurvatureFixtures.Square(ExactCurvature.GaussNewton(objective));
        var r = CurvatureFixtures.Square(ExactCurvature.Residual(objective));
        var independentR = CurvatureFixtures.ResidualFromSurrogate(model, train, loss);

        Assert.True(CurvatureFixtures.RelativeDifference(g + independentR, h) <= 1e-10);
        Assert.True(CurvatureFixtures.RelativeDifference(r, independentR) <= 1e-10);
        Assert.True(CurvatureFixtures.RelativeDifference(CurvatureFixtures.GaussNewtonFromJacobians(model, train, loss), g) <= 1e-12);
        var spectrum = g.Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();
        var norm = spectrum.Max(Math.Abs);
        Assert.True(spectrum.Min() >= -1e-12 * norm, $"λ_min(G) = {spectrum.Min():E3}, ‖G‖ = {norm:E3}");
        Assert.True(independentR.Enumerate().Max(Math.Abs) > 1e-3 * norm, "R must not vanish at initialisation");
    }

    [Fact]
    public void Explicit_matrices_past_the_limit_are_refused_with_the_memory_they_would_need()
    {
        var (model, train) = CurvatureFixtures.Model([40, 40], trainSize: 10); // 1,883 parameters
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train);

        var error = Assert.Throws<ExactHessianTooLargeException>(() => ExactCurvature.GaussNewton(objective, maxParameters: 1_000));
        Assert.Equal("The exact Gauss–Newton matrix of 1,883 parameters would need 0.0 GB (1,883² float64); it is formed for at most 1,000 parameters.", error.Message);
        Assert.Throws<ExactHessianTooLargeException>(() => ExactCurvature.Residual(objective, maxParameters: 1_000));
        var hessian = Assert.Throws<ExactHessianTooLargeException>(() => ExactCurvature.Hessian(objective, maxParameters: 1_000));
        Assert.Equal(1_000, hessian.Limit);
        Assert.Equal(SpecLimits.MaxExactParameters, new ExactHessianTooLargeException(20_000).Limit);
    }
}
