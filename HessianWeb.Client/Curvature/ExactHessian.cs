using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>The explicit M×M Hessian and its full spectrum, for models small enough (Sagun et al.'s measurement).</summary>
public static class ExactHessian
{
    /// <summary>
    /// Column i is A·e_i (M products); the result, row-major, is symmetrised as (A + Aᵀ)/2 to remove the
    /// rounding asymmetry of the products.
    /// </summary>
    /// <exception cref="ExactHessianTooLargeException">More than <see cref="SpecLimits.MaxExactParameters"/> dimensions.</exception>
    public static double[] Assemble(ISymmetricOperator op, CancellationToken cancellationToken = default) =>
        Assemble(op, SpecLimits.MaxExactParameters, "Hessian", cancellationToken);

    /// <summary>As <see cref="Assemble(ISymmetricOperator, CancellationToken)"/>, for any symmetric operator up to a stated size.</summary>
    /// <param name="what">What the operator is, in words, for the refusal's message.</param>
    /// <exception cref="ExactHessianTooLargeException">More than <paramref name="maxParameters"/> dimensions.</exception>
    public static double[] Assemble(ISymmetricOperator op, int maxParameters, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        var m = op.Dimension;
        if (m > maxParameters) throw new ExactHessianTooLargeException(m, maxParameters, what);
        var matrix = new double[m * m];
        var unit = new double[m];
        var column = new double[m];
        for (var i = 0; i < m; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            unit[i] = 1;
            op.Apply(unit, column);
            unit[i] = 0;
            column.CopyTo(matrix.AsSpan(i * m, m)); // row i of Aᵀ, i.e. row i of A up to rounding
        }
        for (var i = 0; i < m; i++)
            for (var j = 0; j < i; j++)
                matrix[i * m + j] = matrix[j * m + i] = 0.5 * (matrix[i * m + j] + matrix[j * m + i]);
        return matrix;
    }

    /// <summary>All eigenvalues, descending, of a symmetric row-major matrix, by LAPACK's symmetric solver in float64.</summary>
    public static double[] Eigenvalues(double[] symmetric, int dimension, Device device)
    {
        ArgumentNullException.ThrowIfNull(symmetric);
        if (symmetric.Length != (long)dimension * dimension)
            throw new ArgumentException($"Expected {dimension}×{dimension} values, got {symmetric.Length}.", nameof(symmetric));
        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(symmetric, [dimension, dimension], dtype: ScalarType.Float64, device: device);
        var ascending = torch.linalg.eigvalsh(matrix).cpu().data<double>().ToArray();
        Array.Reverse(ascending);
        return ascending;
    }
}
