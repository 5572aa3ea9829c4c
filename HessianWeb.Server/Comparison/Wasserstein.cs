namespace HessianWeb.Server.Comparison;

/// <summary>How far apart two spectral densities are.</summary>
public static class Wasserstein
{
    /// <summary>
    /// The Wasserstein-1 (earth mover's) distance W₁ = ∫ |F₁(λ) − F₂(λ)| dλ between two densities given on their own
    /// uniform or non-uniform grids (x ascending). Each CDF is the trapezoidal integral of its density, normalised
    /// to end at 1, taken as linear between grid points, 0 before the grid and 1 after it; the integral runs over the
    /// union of both grids, where |F₁ − F₂| is linear between neighbours except where the CDFs cross, so it is summed
    /// exactly piece by piece (Villani, <i>Optimal Transport</i>, 2009, for W₁ in one dimension).
    /// </summary>
    /// <exception cref="ArgumentException">A grid is not ascending, the lengths differ, or a density has no mass.</exception>
    public static double Distance(IReadOnlyList<double> grid1, IReadOnlyList<double> density1, IReadOnlyList<double> grid2, IReadOnlyList<double> density2)
    {
        var cdf1 = Cdf(grid1, density1, nameof(density1));
        var cdf2 = Cdf(grid2, density2, nameof(density2));
        var xs = grid1.Concat(grid2).Distinct().Order().ToArray();
        double total = 0;
        for (var i = 0; i + 1 < xs.Length; i++)
        {
            var (a, b) = (xs[i], xs[i + 1]);
            var da = At(grid1, cdf1, a) - At(grid2, cdf2, a);
            var db = At(grid1, cdf1, b) - At(grid2, cdf2, b);
            total += AbsoluteIntegral(da, db, b - a);
        }
        return total;
    }

    /// <summary>∫ |d(t)| over an interval of length h where d is linear from da to db (split where it crosses zero).</summary>
    static double AbsoluteIntegral(double da, double db, double h)
    {
        if (da * db >= 0) return 0.5 * h * (Math.Abs(da) + Math.Abs(db));
        var t = da / (da - db);
        return 0.5 * h * (t * Math.Abs(da) + (1 - t) * Math.Abs(db));
    }

    static double[] Cdf(IReadOnlyList<double> grid, IReadOnlyList<double> density, string name)
    {
        if (grid.Count != density.Count || grid.Count < 2)
            throw new ArgumentException($"A density needs a grid of the same length, at least 2 points; got {grid.Count} and {density.Count}.", name);
        var cdf = new double[grid.Count];
        for (var i = 1; i < grid.Count; i++)
        {
            if (!(grid[i] > grid[i - 1])) throw new ArgumentException($"The grid must be strictly ascending (at point {i}).", name);
            cdf[i] = cdf[i - 1] + 0.5 * (grid[i] - grid[i - 1]) * (Math.Max(0, density[i]) + Math.Max(0, density[i - 1]));
        }
        var mass = cdf[^1];
        if (!(mass > 0) || !double.IsFinite(mass)) throw new ArgumentException("The density has no mass.", name);
        for (var i = 0; i < cdf.Length; i++) cdf[i] /= mass;
        return cdf;
    }

    static double At(IReadOnlyList<double> grid, double[] cdf, double x)
    {
        if (x <= grid[0]) return 0;
        if (x >= grid[^1]) return 1;
        // Binary search for the interval [lo, hi] holding x.
        int lo = 0, hi = grid.Count - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (grid[mid] <= x) lo = mid; else hi = mid;
        }
        var t = (x - grid[lo]) / (grid[hi] - grid[lo]);
        return cdf[lo] + t * (cdf[hi] - cdf[lo]);
    }
}
