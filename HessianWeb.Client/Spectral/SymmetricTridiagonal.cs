using MathNet.Numerics.LinearAlgebra;

namespace HessianWeb.Client.Spectral;

/// <summary>Eigen-decomposition of the small symmetric tridiagonal matrix T that Lanczos builds.</summary>
internal static class SymmetricTridiagonal
{
    /// <summary>
    /// Eigenvalues θ_i (ascending) of T = tridiag(offDiagonal, diagonal, offDiagonal) and the last component
    /// s_{m,i} of each unit eigenvector, which is all the residual bounds need.
    /// </summary>
    /// <exception cref="MathNet.Numerics.NonConvergenceException">The dense symmetric solver did not converge.</exception>
    public static (double[] Values, double[] LastComponents) Solve(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        var m = diagonal.Length;
        var t = Matrix<double>.Build.Dense(m, m);
        for (var i = 0; i < m; i++)
        {
            t[i, i] = diagonal[i];
            if (i + 1 < m) t[i, i + 1] = t[i + 1, i] = offDiagonal[i];
        }
        var evd = t.Evd(Symmetricity.Symmetric);
        var values = new double[m];
        var last = new double[m];
        for (var i = 0; i < m; i++)
        {
            values[i] = evd.EigenValues[i].Real;
            last[i] = evd.EigenVectors[m - 1, i];
        }
        return (values, last);
    }
}
