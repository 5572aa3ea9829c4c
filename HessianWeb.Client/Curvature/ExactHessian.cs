using System.Runtime.InteropServices;
using HessianWeb.Client.Spectral;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
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

    /// <summary>
    /// All eigenvalues, descending, of a symmetric row-major matrix, in float64 whatever the model's dtype: LAPACK's
    /// divide-and-conquer driver first (through libtorch's eigvalsh), and when LAPACK reports that it failed to converge
    /// (seen on a float32 CNN's Hessian: "linalg.eigh: The algorithm failed to converge ... (error code: 409)") a second,
    /// slower and independent driver, Math.NET's managed symmetric solver (Householder tridiagonalisation, then the
    /// implicit QL iteration). A spectrum is therefore never lost to one driver's refusal.
    /// </summary>
    /// <param name="onFallback">Told LAPACK's refusal in words when the second driver took over.</param>
    /// <exception cref="ArgumentException">An entry is NaN or infinite: no driver has eigenvalues for it.</exception>
    public static double[] Eigenvalues(double[] symmetric, int dimension, Device device, Action<string>? onFallback = null) =>
        Eigenvalues(symmetric, dimension, matrix => DivideAndConquer(matrix, dimension, device), onFallback);

    /// <param name="firstDriver">Ascending eigenvalues, or an <see cref="ExternalException"/> when it refuses (as libtorch
    /// reports LAPACK's errors).</param>
    internal static double[] Eigenvalues(double[] symmetric, int dimension, Func<double[], double[]> firstDriver, Action<string>? onFallback)
    {
        ArgumentNullException.ThrowIfNull(symmetric);
        if (symmetric.Length != (long)dimension * dimension)
            throw new ArgumentException($"Expected {dimension}×{dimension} values, got {symmetric.Length}.", nameof(symmetric));
        var bad = Array.FindIndex(symmetric, v => !double.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"The explicit matrix's entry ({bad / dimension}, {bad % dimension}) is {symmetric[bad]}: it has no eigenvalues.", nameof(symmetric));
        double[] ascending;
        try { ascending = firstDriver(symmetric); }
        catch (ExternalException refused)
        {
            onFallback?.Invoke(refused.Message);
            ascending = QlIteration(symmetric, dimension);
        }
        return ascending.OrderDescending().ToArray();
    }

    static double[] DivideAndConquer(double[] symmetric, int dimension, Device device)
    {
        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(symmetric, [dimension, dimension], dtype: ScalarType.Float64, device: device);
        return torch.linalg.eigvalsh(matrix).cpu().data<double>().ToArray();
    }

    /// <remarks>Row-major and column-major agree for a symmetric matrix, so the array is the matrix as Math.NET stores it.</remarks>
    static double[] QlIteration(double[] symmetric, int dimension) =>
        Matrix<double>.Build.Dense(dimension, dimension, (double[])symmetric.Clone())
            .Evd(Symmetricity.Symmetric).EigenValues.Select(l => l.Real).ToArray();
}
