using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>Small seeded models with their training data, and explicit curvature matrices by routes independent of the operators.</summary>
internal static class CurvatureFixtures
{
    public static (Mlp Model, DataTensors Train) Model(
        int[] widths, int classes = 3, int inputDim = 2, int trainSize = 30, Activation activation = Activation.Relu,
        double initStd = 0.5, int seed = 0, ScalarType dtype = ScalarType.Float64)
    {
        var data = GaussianBlobs.Generate(new DataSpec { Classes = classes, InputDim = inputDim, TrainSize = trainSize, TestSize = 0, Seed = seed });
        var model = Mlp.Create(new ModelSpec { HiddenWidths = widths, Activation = activation, InitStd = initStd, Seed = seed }, inputDim, classes, torch.CPU, dtype);
        return (model, DataTensors.From(data.Train, torch.CPU));
    }

    /// <summary>The quickstart's model and data (new ExperimentSpec(): scikit-learn's blobs), as a run of it trains on.</summary>
    public static (Mlp Model, DataTensors Train) Quickstart()
    {
        var spec = new ExperimentSpec();
        var data = DataSets.Load(spec.Data);
        return (Mlp.Create(spec.Model, data.InputDim, data.Classes, torch.CPU), DataTensors.From(data.Train, torch.CPU));
    }

    public static Matrix<double> Square(double[] rowMajor)
    {
        var m = (int)Math.Round(Math.Sqrt(rowMajor.Length));
        return Matrix<double>.Build.Dense(m, m, (i, j) => rowMajor[i * m + j]);
    }

    public static double RelativeDifference(Matrix<double> a, Matrix<double> b) =>
        (a - b).Enumerate().Max(Math.Abs) / b.Enumerate().Max(Math.Abs);

    /// <summary>
    /// G = (1/N)·Σ_i J_iᵀ·H_ℓ,i·J_i with every row of every per-sample Jacobian J_i = ∂f(w, x_i)/∂w taken by its own
    /// backward pass (N·C of them), and H_ℓ written out: diag(p) − ppᵀ or (2/C)·I.
    /// </summary>
    public static Matrix<double> GaussNewtonFromJacobians(Network model, DataTensors train, LossFunction loss)
    {
        using var scope = torch.NewDisposeScope();
        var parameters = model.Parameters.Cast<Tensor>().ToList();
        var outputs = model.forward(train.Inputs);
        var (n, c) = ((int)outputs.shape[0], (int)outputs.shape[1]);
        var m = model.ParameterCount;
        var probabilities = outputs.detach().softmax(1).data<double>().ToArray();
        var g = Matrix<double>.Build.Dense(m, m);
        for (var i = 0; i < n; i++)
        {
            var jacobian = Matrix<double>.Build.Dense(c, m);
            for (var k = 0; k < c; k++)
            {
                using var rowScope = torch.NewDisposeScope();
                var row = torch.autograd.grad([outputs[i, k]], parameters, retain_graph: true);
                var values = torch.cat(row.Select(r => r.flatten()).ToList(), 0).data<double>().ToArray();
                for (var j = 0; j < m; j++) jacobian[k, j] = values[j];
            }
            var h = loss == LossFunction.CrossEntropy
                ? Matrix<double>.Build.Dense(c, c, (a, b) => (a == b ? probabilities[i * c + a] : 0) - probabilities[i * c + a] * probabilities[i * c + b])
                : Matrix<double>.Build.DenseIdentity(c) * (2.0 / c);
            g += jacobian.TransposeThisAndMultiply(h * jacobian) / n;
        }
        return g;
    }

    /// <summary>
    /// R = (1/N)·Σ_i Σ_c (∂ℓ/∂f_c)·∇²f_c, as the exact Hessian of the surrogate (1/N)·Σ_i Σ_c r_ic·f_ic(w) with the
    /// residuals r = ∂ℓ/∂f held constant (computed here, not by the code under test).
    /// </summary>
    public static Matrix<double> ResidualFromSurrogate(Network model, DataTensors train, LossFunction loss)
    {
        Tensor residuals;
        using (torch.no_grad())
        {
            var f = model.forward(train.Inputs);
            var c = f.shape[1];
            var oneHot = torch.zeros_like(f).scatter_(1, train.Labels.unsqueeze(1), torch.ones([f.shape[0], 1], dtype: f.dtype));
            residuals = (loss == LossFunction.CrossEntropy ? f.softmax(1) - oneHot : (f - oneHot) * (2.0 / c)).DetachFromDisposeScope();
        }
        using var _ = residuals;
        var n = train.Count;
        // Row by row: the surrogate's gradient in the output bias is constant, which a grad_outputs product cannot take.
        return Matrix<double>.Build.DenseOfArray(AutogradHessian.RowByRow(model.Parameters.Cast<Tensor>().ToList(), () => (residuals * model.forward(train.Inputs)).sum() / n));
    }
}
