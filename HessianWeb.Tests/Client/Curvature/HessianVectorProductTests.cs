using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Client.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

public class HessianVectorProductTests
{
    static double RelativeDifference(double[,] a, double[,] b)
    {
        double diff = 0, size = 0;
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++)
            {
                diff = Math.Max(diff, Math.Abs(a[i, j] - b[i, j]));
                size = Math.Max(size, Math.Abs(b[i, j]));
            }
        return diff / size;
    }

    static double[,] Square(double[] rowMajor, int m)
    {
        var matrix = new double[m, m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
                matrix[i, j] = rowMajor[i * m + j];
        return matrix;
    }

    static (Mlp Model, DataTensors Train) SmallModel(Activation activation, int[] widths, int seed = 0)
    {
        var data = GaussianBlobs.Generate(new DataSpec { Classes = 3, InputDim = 2, TrainSize = 30, TestSize = 0, Seed = seed });
        var model = Mlp.Create(new ModelSpec { HiddenWidths = widths, Activation = activation, InitStd = 0.5, Seed = seed }, 2, 3, torch.CPU);
        return (model, DataTensors.From(data.Train, torch.CPU));
    }

    [Fact]
    public void Products_with_a_quadratic_loss_are_its_matrix_across_several_parameter_tensors()
    {
        // L(w) = ½·wᵀAw + bᵀw with w = [vec(W₁); w₂], W₁ 3×4 and w₂ of length 5: ∇²L = A exactly.
        const int m = 17;
        var a = KnownSpectrum.Matrix(Enumerable.Range(0, m).Select(i => Math.Sin(i) * 3).ToArray(), seed: 4);
        var random = new SeededRandom(8);
        using var scope = torch.NewDisposeScope();
        var w1 = torch.tensor(Enumerable.Range(0, 12).Select(_ => random.NextNormal()).ToArray(), [3, 4], dtype: ScalarType.Float64, requires_grad: true);
        var w2 = torch.tensor(Enumerable.Range(0, 5).Select(_ => random.NextNormal()).ToArray(), dtype: ScalarType.Float64, requires_grad: true);
        var aTensor = torch.tensor(a.Cast<double>().ToArray(), [m, m], dtype: ScalarType.Float64);
        var b = torch.tensor(Enumerable.Range(0, m).Select(_ => random.NextNormal()).ToArray(), dtype: ScalarType.Float64);
        Tensor Loss()
        {
            var w = torch.cat([w1.flatten(), w2], 0);
            return 0.5 * w.dot(aTensor.mv(w)) + b.dot(w);
        }

        using var hessian = new HessianVectorProduct([w1, w2], Loss);
        Assert.Equal(m, hessian.Dimension);
        var v = Enumerable.Range(0, m).Select(_ => random.NextNormal()).ToArray();
        var product = new double[m];
        hessian.Apply(v, product);

        for (var i = 0; i < m; i++)
        {
            // Against the rounding-error scale of the dot product Σ_j A_ij·v_j.
            var expected = Enumerable.Range(0, m).Sum(j => a[i, j] * v[j]);
            var magnitude = Enumerable.Range(0, m).Sum(j => Math.Abs(a[i, j] * v[j]));
            Assert.True(Math.Abs(product[i] - expected) <= 1e-12 * magnitude, $"(Av)_{i}: {product[i]:R} vs {expected:R}");
        }
        Assert.True(RelativeDifference(Square(ExactHessian.Assemble(hessian), m), a) <= 1e-12);
    }

    [Fact]
    public void Softmax_regression_matches_the_closed_form_hessian()
    {
        // No hidden layer: z = Wx + b, and ∇²L = (1/N)·Σ_i J_iᵀ(diag(p_i) − p_i·p_iᵀ)J_i with J_i = ∂z/∂(W, b).
        var (model, train) = SmallModel(Activation.Relu, []);
        using var _ = model;
        using var __ = train;
        const int c = 3, d = 2, m = c * d + c;
        var data = GaussianBlobs.Generate(new DataSpec { Classes = 3, InputDim = 2, TrainSize = 30, TestSize = 0 });
        var flat = model.GetFlatParameters();
        var expected = new double[m, m];
        for (var n = 0; n < data.Train.Count; n++)
        {
            var x = data.Train.Point(n);
            var z = new double[c];
            for (var k = 0; k < c; k++) z[k] = flat[c * d + k] + x[0] * flat[k * d] + x[1] * flat[k * d + 1];
            var max = z.Max();
            var p = z.Select(v => Math.Exp(v - max)).ToArray();
            var sum = p.Sum();
            for (var k = 0; k < c; k++) p[k] /= sum;
            var jacobian = new double[c, m];
            for (var k = 0; k < c; k++)
            {
                for (var f = 0; f < d; f++) jacobian[k, k * d + f] = x[f];
                jacobian[k, c * d + k] = 1;
            }
            for (var i = 0; i < m; i++)
                for (var j = 0; j < m; j++)
                    for (var k = 0; k < c; k++)
                        for (var l = 0; l < c; l++)
                            expected[i, j] += jacobian[k, i] * ((k == l ? p[k] : 0) - p[k] * p[l]) * jacobian[l, j] / data.Train.Count;
        }

        using var hessian = HessianVectorProduct.OfTrainingLoss(model, train);
        Assert.True(RelativeDifference(Square(ExactHessian.Assemble(hessian), m), expected) <= 1e-12);
    }

    [Fact]
    public void Products_for_a_relu_network_match_an_independently_formed_hessian()
    {
        var (model, train) = SmallModel(Activation.Relu, [6, 4]);
        using var _ = model;
        using var __ = train;
        var reference = AutogradHessian.RowByRow(model.Parameters.Cast<Tensor>().ToList(), () => CrossEntropy.Loss(model, train.Inputs, train.Labels));

        using var hessian = HessianVectorProduct.OfTrainingLoss(model, train);
        var m = hessian.Dimension;
        Assert.Equal(SpecLimits.ParameterCount(new ExperimentSpec { Data = new DataSpec { Classes = 3 }, Model = new ModelSpec { HiddenWidths = [6, 4] } }), m);
        Assert.True(RelativeDifference(Square(ExactHessian.Assemble(hessian), m), reference) <= 1e-10);
        Assert.Equal(m, hessian.Count);
    }

    [Fact]
    public void Products_for_a_tanh_network_match_central_differences_of_the_gradient()
    {
        // H·v ≈ (∇L(w + hv) − ∇L(w − hv)) / 2h, error O(h²); tanh keeps L smooth so no kink sits between.
        var (model, train) = SmallModel(Activation.Tanh, [5]);
        using var _ = model;
        using var __ = train;
        var w = model.GetFlatParameters();
        var random = new SeededRandom(3);
        var v = w.Select(_ => random.NextNormal()).ToArray();

        double[] product;
        using (var hessian = HessianVectorProduct.OfTrainingLoss(model, train))
        {
            product = new double[hessian.Dimension];
            hessian.Apply(v, product);
        }

        const double h = 1e-5;
        double[] GradientAt(double sign)
        {
            model.SetFlatParameters(w.Select((x, i) => x + sign * h * v[i]).ToArray());
            using var scope = torch.NewDisposeScope();
            var gradients = torch.autograd.grad([CrossEntropy.Loss(model, train.Inputs, train.Labels)], model.Parameters.Cast<Tensor>().ToList());
            return torch.cat(gradients.Select(g => g.flatten()).ToList(), 0).data<double>().ToArray();
        }
        var plus = GradientAt(+1);
        var minus = GradientAt(-1);
        model.SetFlatParameters(w);

        var scale = product.Max(Math.Abs);
        for (var i = 0; i < product.Length; i++)
            Assert.True(Math.Abs((plus[i] - minus[i]) / (2 * h) - product[i]) <= 1e-6 * scale, $"component {i}");
    }

    [Fact]
    public void A_disposed_product_refuses_before_reaching_libtorch()
    {
        var (model, train) = SmallModel(Activation.Relu, [3]);
        using var _ = model;
        using var __ = train;
        var hessian = HessianVectorProduct.OfTrainingLoss(model, train);
        hessian.Dispose();
        Assert.Throws<ObjectDisposedException>(() => hessian.Apply(new double[hessian.Dimension], new double[hessian.Dimension]));
    }

    [Fact]
    public void The_loss_at_the_expansion_point_is_the_training_loss()
    {
        var (model, train) = SmallModel(Activation.Relu, [3]);
        using var _ = model;
        using var __ = train;
        using var hessian = HessianVectorProduct.OfTrainingLoss(model, train);
        Assert.Equal(CrossEntropy.Evaluate(model, train).Loss, hessian.Loss, 1e-15);
    }
}
