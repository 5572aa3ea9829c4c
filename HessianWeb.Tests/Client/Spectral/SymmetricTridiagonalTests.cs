using HessianWeb.Client.Randomness;
using HessianWeb.Client.Spectral;
using MathNet.Numerics.LinearAlgebra;

namespace HessianWeb.Tests.Client.Spectral;

public class SymmetricTridiagonalTests
{
    static (double[] Values, Matrix<double> Vectors) Dense(double[] diagonal, double[] offDiagonal)
    {
        var m = diagonal.Length;
        var t = Matrix<double>.Build.Dense(m, m);
        for (var i = 0; i < m; i++)
        {
            t[i, i] = diagonal[i];
            if (i + 1 < m) t[i, i + 1] = t[i + 1, i] = offDiagonal[i];
        }
        var evd = t.Evd(Symmetricity.Symmetric);
        return (evd.EigenValues.Select(c => c.Real).ToArray(), evd.EigenVectors);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(7, 3)]
    [InlineData(60, 4)]
    public void Eigenvalues_and_end_components_match_a_dense_solver_to_1e_13(int m, int seed)
    {
        var random = new SeededRandom(seed);
        var diagonal = Enumerable.Range(0, m).Select(_ => random.NextNormal()).ToArray();
        var offDiagonal = Enumerable.Range(0, m - 1).Select(_ => random.NextDouble(0.1, 1)).ToArray();
        var (values, vectors) = Dense(diagonal, offDiagonal);

        var (ours, rows) = SymmetricTridiagonal.Solve(diagonal, offDiagonal, [0, m - 1]);

        var scale = values.Max(Math.Abs);
        for (var i = 0; i < m; i++)
        {
            Assert.True(Math.Abs(ours[i] - values[i]) <= 1e-13 * scale, $"θ_{i}: {ours[i]:R} vs {values[i]:R}");
            // Distinct eigenvalues (β ≠ 0): eigenvectors are unique up to sign.
            Assert.Equal(Math.Abs(vectors[0, i]), Math.Abs(rows[0][i]), 1e-12);
            Assert.Equal(Math.Abs(vectors[m - 1, i]), Math.Abs(rows[1][i]), 1e-12);
        }
    }

    [Fact]
    public void A_split_matrix_with_a_repeated_eigenvalue_gives_an_orthonormal_eigenbasis()
    {
        // β₂ = 0 splits T into two blocks that share the eigenvalue 3.
        double[] diagonal = [3, 1, 3, 3, 2];
        double[] offDiagonal = [0, 0, 0, 1];
        var (values, z) = SymmetricTridiagonal.SolveFully(diagonal, offDiagonal);
        var (expected, _) = Dense(diagonal, offDiagonal);

        for (var i = 0; i < values.Length; i++) Assert.Equal(expected[i], values[i], 1e-14);
        var zm = Matrix<double>.Build.DenseOfRowArrays(z);
        Assert.True((zm.TransposeThisAndMultiply(zm) - Matrix<double>.Build.DenseIdentity(5)).InfinityNorm() <= 1e-14);
        var t = Matrix<double>.Build.Dense(5, 5);
        for (var i = 0; i < 5; i++)
        {
            t[i, i] = diagonal[i];
            if (i < 4) t[i, i + 1] = t[i + 1, i] = offDiagonal[i];
        }
        Assert.True((t * zm - zm * Matrix<double>.Build.DiagonalOfDiagonalArray(values)).InfinityNorm() <= 1e-14);
    }

    [Fact]
    public void A_nan_is_reported_as_non_convergence()
    {
        Assert.Throws<TridiagonalNonConvergenceException>(() => SymmetricTridiagonal.Solve([1, double.NaN, 2], [1, 1]));
    }
}
