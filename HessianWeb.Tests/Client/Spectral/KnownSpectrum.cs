using HessianWeb.Client.Randomness;
using MathNet.Numerics.LinearAlgebra;

namespace HessianWeb.Tests.Client.Spectral;

/// <summary>Test matrices A = Q·diag(λ)·Qᵀ with a seeded random orthogonal Q, and their dense eigenvalues.</summary>
internal static class KnownSpectrum
{
    public static double[,] Matrix(double[] eigenvalues, int seed)
    {
        var n = eigenvalues.Length;
        var random = new SeededRandom(seed);
        var gaussian = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextNormal());
        var q = gaussian.QR().Q; // orthogonal: the Q factor of a Gaussian matrix is Haar-distributed up to signs
        var a = q * Matrix<double>.Build.DiagonalOfDiagonalArray(eigenvalues) * q.Transpose();
        return (0.5 * (a + a.Transpose())).ToArray();
    }

    /// <summary>All eigenvalues, descending, by MathNet's dense symmetric eigensolver: the reference.</summary>
    public static double[] DenseEigenvalues(double[,] matrix) =>
        Matrix<double>.Build.DenseOfArray(matrix).Evd(Symmetricity.Symmetric).EigenValues
            .Select(c => c.Real).OrderByDescending(x => x).ToArray();

    public static double DistanceToSpectrum(double value, double[] spectrum) => spectrum.Min(l => Math.Abs(l - value));
}
