using HessianWeb.Client.Curvature;
using HessianWeb.Client.Models;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// G's class/cross/within split formed densely from per-sample vectors g_{i,c'}, by routes that share nothing with
/// <see cref="ClassStructure"/>: the M×M matrices are written out and their eigenvalues taken by Math.NET.
/// </summary>
internal static class ClassStructureReference
{
    public sealed record Split(Matrix<double> Class, Matrix<double> Cross, Matrix<double> Within)
    {
        public Matrix<double> Total => Class + Cross + Within;
    }

    /// <param name="g">g[i][c'] ∈ ℝ^M for each sample i (in the objective's sample order) and logit c'.</param>
    public static Split Decompose(double[][][] g, long[] labels, int classes)
    {
        var n = g.Length;
        var m = g[0][0].Length;
        var split = new Split(Matrix<double>.Build.Dense(m, m), Matrix<double>.Build.Dense(m, m), Matrix<double>.Build.Dense(m, m));
        for (var c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, n).Where(i => labels[i] == c).ToArray();
            if (members.Length == 0) continue;
            var pi = members.Length / (double)n;
            for (var logit = 0; logit < classes; logit++)
            {
                var mean = Vector<double>.Build.Dense(m);
                foreach (var i in members) mean += Vector<double>.Build.DenseOfArray(g[i][logit]);
                mean /= members.Length;
                (logit == c ? split.Class : split.Cross).Add(pi * mean.OuterProduct(mean), logit == c ? split.Class : split.Cross);
                foreach (var i in members)
                {
                    var centred = Vector<double>.Build.DenseOfArray(g[i][logit]) - mean;
                    split.Within.Add(centred.OuterProduct(centred) * (pi / members.Length), split.Within);
                }
            }
        }
        return split;
    }

    /// <summary>u_{i,c'}: √p_{c'}(e_c' − p) for cross-entropy, √(2/C)·e_c' for mean squared error.</summary>
    public static double[] Direction(double[] p, int logit, LossFunction loss)
    {
        var c = p.Length;
        if (loss == LossFunction.MeanSquaredError) return Enumerable.Range(0, c).Select(k => k == logit ? Math.Sqrt(2.0 / c) : 0).ToArray();
        return Enumerable.Range(0, c).Select(k => Math.Sqrt(p[logit]) * ((k == logit ? 1 : 0) - p[k])).ToArray();
    }

    /// <summary>
    /// g_{i,c'} = J_iᵀu_{i,c'} for a linear softmax model f = Wx + b (parameters W [C×d] row-major, then b), from the
    /// analytic Jacobian: J_iᵀv = (v ⊗ x_i, v).
    /// </summary>
    public static double[][][] LinearModelVectors(double[][] inputs, double[][] probabilities, LossFunction loss)
    {
        var c = probabilities[0].Length;
        var d = inputs[0].Length;
        return inputs.Select((x, i) => Enumerable.Range(0, c).Select(logit =>
        {
            var u = Direction(probabilities[i], logit, loss);
            var g = new double[c * d + c];
            for (var k = 0; k < c; k++)
            {
                for (var j = 0; j < d; j++) g[k * d + j] = u[k] * x[j];
                g[c * d + k] = u[k];
            }
            return g;
        }).ToArray()).ToArray();
    }

    /// <summary>g_{i,c'} = J_iᵀu_{i,c'} for any model, each Jacobian row J_i[k] by its own backward pass.</summary>
    public static double[][][] AutogradVectors(Network model, Tensor inputs, LossFunction loss)
    {
        using var scope = torch.NewDisposeScope();
        var parameters = model.Parameters.Cast<Tensor>().ToList();
        var outputs = model.forward(inputs);
        var (n, c) = ((int)outputs.shape[0], (int)outputs.shape[1]);
        var p = Rows(outputs.detach().softmax(1));
        var result = new double[n][][];
        for (var i = 0; i < n; i++)
        {
            var jacobian = new double[c][];
            for (var k = 0; k < c; k++)
            {
                using var rowScope = torch.NewDisposeScope();
                var row = torch.autograd.grad([outputs[i, k]], parameters, retain_graph: true);
                jacobian[k] = torch.cat(row.Select(r => r.flatten()).ToList(), 0).to(ScalarType.Float64).data<double>().ToArray();
            }
            var m = jacobian[0].Length;
            result[i] = Enumerable.Range(0, c).Select(logit =>
            {
                var u = Direction(p[i], logit, loss);
                var g = new double[m];
                for (var k = 0; k < c; k++)
                    for (var j = 0; j < m; j++) g[j] += u[k] * jacobian[k][j];
                return g;
            }).ToArray();
        }
        return result;
    }

    public static double[][] Rows(Tensor matrix)
    {
        var values = matrix.to(ScalarType.Float64).cpu().data<double>().ToArray();
        var (rows, columns) = ((int)matrix.shape[0], (int)matrix.shape[1]);
        return Enumerable.Range(0, rows).Select(r => values.AsSpan(r * columns, columns).ToArray()).ToArray();
    }

    /// <summary>Every eigenvalue, descending.</summary>
    public static double[] Eigenvalues(Matrix<double> symmetric) =>
        symmetric.Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).OrderDescending().ToArray();
}
