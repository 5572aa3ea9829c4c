using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Client.Spectral;

/// <summary>An explicit symmetric matrix as an operator (the tests' small exact problems).</summary>
public sealed class DenseSymmetricOperator : ISymmetricOperator
{
    readonly double[,] matrix;

    /// <exception cref="ArgumentException">The matrix is not square or not symmetric to 1e-12 relative.</exception>
    public DenseSymmetricOperator(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException($"A symmetric operator needs a square matrix, got {n}×{matrix.GetLength(1)}.", nameof(matrix));
        var largest = 0.0;
        foreach (var x in matrix) largest = Math.Max(largest, Math.Abs(x));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                if (Math.Abs(matrix[i, j] - matrix[j, i]) > 1e-12 * largest)
                    throw new ArgumentException($"The matrix is not symmetric: A[{i},{j}] = {matrix[i, j]} but A[{j},{i}] = {matrix[j, i]}.", nameof(matrix));
        this.matrix = (double[,])matrix.Clone();
        Dimension = n;
    }

    public int Dimension { get; }

    /// <summary>How many products have been taken.</summary>
    public int Applications { get; private set; }

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        VectorMath.RequireLength(vector, Dimension, nameof(vector));
        VectorMath.RequireLength(result, Dimension, nameof(result));
        for (var i = 0; i < Dimension; i++)
        {
            double sum = 0;
            for (var j = 0; j < Dimension; j++) sum += matrix[i, j] * vector[j];
            result[i] = sum;
        }
        Applications++;
    }
}
