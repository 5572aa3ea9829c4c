using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Specs;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>The curvature operators on a convolutional network, against matrices formed by independent routes.</summary>
public class CnnCurvatureTests
{
    /// <summary>1×6×6 images, 2 channels of 3×3 kernels, 2×2 max-pool (→ 2×2×2), a hidden layer of 3, 3 classes: 59 parameters.</summary>
    static (Cnn Model, DataTensors Train) TinyCnn(Activation activation, int seed = 0)
    {
        var spec = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [2], KernelSize = 3, Pool = 2, HiddenWidths = [3], Activation = activation, InitStd = 0.5, Seed = seed };
        var model = Cnn.Create(spec, (1, 6, 6), 3, torch.CPU);
        var random = new SeededRandom(seed + 11);
        const int n = 12;
        var images = Enumerable.Range(0, n * 36).Select(_ => random.NextNormal()).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        return (model, DataTensors.From(new LabelledPoints(images, labels, 36), torch.CPU));
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    public void Hessian_vector_products_match_an_independently_formed_hessian_to_1e_10(Activation activation)
    {
        var (model, train) = TinyCnn(activation);
        using var _ = model;
        using var __ = train;
        Assert.Equal(59, model.ParameterCount);
        var reference = Matrix<double>.Build.DenseOfArray(
            AutogradHessian.RowByRow(model.Parameters.Cast<Tensor>().ToList(), () => CrossEntropy.Loss(model, train.Inputs, train.Labels)));

        using var hessian = HessianVectorProduct.OfTrainingLoss(model, train);
        using var objective = TrainingObjective.Of(model, train, sample: new CurvatureSample(BatchSize: 5));

        Assert.True(CurvatureFixtures.RelativeDifference(CurvatureFixtures.Square(ExactHessian.Assemble(hessian)), reference) <= 1e-10);
        Assert.True(CurvatureFixtures.RelativeDifference(CurvatureFixtures.Square(ExactCurvature.Hessian(objective)), reference) <= 1e-10);
        Assert.True(reference.Enumerate().Max(Math.Abs) > 1e-3, "the Hessian must not vanish");
    }

    [Theory]
    [InlineData(LossFunction.CrossEntropy)]
    [InlineData(LossFunction.MeanSquaredError)]
    public void Gauss_newton_products_match_per_sample_jacobians_and_h_is_g_plus_r(LossFunction loss)
    {
        var (model, train) = TinyCnn(Activation.Tanh, seed: 1);
        using var _ = model;
        using var __ = train;
        var expected = CurvatureFixtures.GaussNewtonFromJacobians(model, train, loss);
        using var objective = TrainingObjective.Of(model, train, loss);
        using var product = new GaussNewtonVectorProduct(objective);
        var random = new SeededRandom(3);
        var v = Enumerable.Range(0, product.Dimension).Select(_ => random.NextNormal()).ToArray();
        var gv = new double[product.Dimension];

        product.Apply(v, gv);

        var reference = expected * Vector<double>.Build.DenseOfArray(v);
        var scale = reference.AbsoluteMaximum();
        for (var i = 0; i < gv.Length; i++) Assert.True(Math.Abs(gv[i] - reference[i]) <= 1e-12 * scale, $"(Gv)_{i}: {gv[i]:R} vs {reference[i]:R}");
        var h = CurvatureFixtures.Square(ExactCurvature.Hessian(objective));
        var r = CurvatureFixtures.ResidualFromSurrogate(model, train, loss);
        Assert.True(CurvatureFixtures.RelativeDifference(expected + r, h) <= 1e-10);
        Assert.True(r.Enumerate().Max(Math.Abs) > 1e-3 * h.Enumerate().Max(Math.Abs), "R must not vanish for a tanh network at initialisation");
    }
}
