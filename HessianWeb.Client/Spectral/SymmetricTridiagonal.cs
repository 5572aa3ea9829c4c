using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Spectral;

/// <summary>Eigen-decomposition of the small symmetric tridiagonal matrix T that Lanczos builds.</summary>
/// <remarks>
/// The implicit QL algorithm with Wilkinson shifts (Bowdler, Martin, Reinsch &amp; Wilkinson 1968, EISPACK's tql2;
/// the form of Press et al., <i>Numerical Recipes</i>, §11.3 "tqli"). T = Z·Λ·Zᵀ; the rotations are accumulated into
/// only the rows of Z that are asked for, so eigenvalues with the first and last components of every eigenvector,
/// all that residual bounds and quadrature weights need, cost O(m²) per solve instead of the O(m³) of a dense solver:
/// Lanczos re-solves T after every step.
/// </remarks>
internal static class SymmetricTridiagonal
{
    const int MaxIterationsPerEigenvalue = 60;

    /// <summary>
    /// Eigenvalues θ_i (ascending) of T = tridiag(offDiagonal, diagonal, offDiagonal) and the last component
    /// s_{m,i} of each unit eigenvector, which is all the residual bounds need.
    /// </summary>
    /// <exception cref="TridiagonalNonConvergenceException">The QL iteration did not converge.</exception>
    public static (double[] Values, double[] LastComponents) Solve(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        var (values, rows) = Solve(diagonal, offDiagonal, [diagonal.Length - 1]);
        return (values, rows[0]);
    }

    /// <summary>
    /// Eigenvalues (ascending) and the requested rows of the eigenvector matrix Z: <c>Rows[r][i]</c> is component
    /// <c>rows[r]</c> of the unit eigenvector of eigenvalue i.
    /// </summary>
    /// <exception cref="TridiagonalNonConvergenceException">The QL iteration did not converge.</exception>
    public static (double[] Values, double[][] Rows) Solve(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, ReadOnlySpan<int> rows)
    {
        var m = diagonal.Length;
        if (m < 1) throw new ArgumentException("T needs at least one row.", nameof(diagonal));
        if (offDiagonal.Length < m - 1)
            throw new ArgumentException($"A {m}×{m} tridiagonal needs {m - 1} off-diagonal entries, got {offDiagonal.Length}.", nameof(offDiagonal));
        var d = diagonal.ToArray();
        var e = new double[m];
        offDiagonal[..(m - 1)].CopyTo(e);
        var z = new double[rows.Length][];
        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r] < 0 || rows[r] >= m) throw new ArgumentOutOfRangeException(nameof(rows), $"Row {rows[r]} of a {m}×{m} matrix.");
            z[r] = new double[m];
            z[r][rows[r]] = 1;
        }

        ImplicitQl(d, e, z);
        return SortAscending(d, z);
    }

    /// <summary>All eigenvalues (ascending) and the full eigenvector matrix, <c>Vectors[row][i]</c>.</summary>
    public static (double[] Values, double[][] Vectors) SolveFully(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        var all = new int[diagonal.Length];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        return Solve(diagonal, offDiagonal, all);
    }

    static void ImplicitQl(double[] d, double[] e, double[][] z)
    {
        var n = d.Length;
        for (var l = 0; l < n; l++)
        {
            var iterations = 0;
            int m;
            do
            {
                for (m = l; m < n - 1; m++)
                {
                    var dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= 0.5 * MachineEpsilon.Float64 * dd || Math.Abs(e[m]) < double.Epsilon * 4) break;
                }
                if (m == l) break;
                if (++iterations > MaxIterationsPerEigenvalue) throw new TridiagonalNonConvergenceException(n, l);

                var g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                var r = Hypot(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
                double s = 1, c = 1, p = 0;
                var deflated = false;
                for (var i = m - 1; i >= l; i--)
                {
                    var f = s * e[i];
                    var b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        // Underflow: the rotation splits T here; restart the sweep.
                        d[i + 1] -= p;
                        e[m] = 0;
                        deflated = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2.0 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    foreach (var row in z)
                    {
                        var zi1 = row[i + 1];
                        row[i + 1] = s * row[i] + c * zi1;
                        row[i] = c * row[i] - s * zi1;
                    }
                }
                if (deflated) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            } while (true);
        }
    }

    static (double[] Values, double[][] Rows) SortAscending(double[] d, double[][] z)
    {
        var order = new int[d.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => d[a].CompareTo(d[b]) is var c && c != 0 ? c : a.CompareTo(b));
        var values = order.Select(i => d[i]).ToArray();
        var rows = z.Select(row => order.Select(i => row[i]).ToArray()).ToArray();
        return (values, rows);
    }

    static double Hypot(double a, double b)
    {
        var (x, y) = (Math.Abs(a), Math.Abs(b));
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        var t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
