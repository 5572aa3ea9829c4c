namespace HessianWeb.Server.Comparison;

/// <summary>
/// How far apart two spectral densities are: the Wasserstein-1 (earth mover's) distance
/// W₁(p, q) = ∫ |F_p(λ) − F_q(λ)| dλ, with F the cumulative distribution (Villani, <i>Optimal Transport</i>, 2009,
/// for measures on the line). In units of λ: how far, on average, the mass of one must move to become the other.
/// </summary>
/// <remarks>
/// Each density is given on its own grid (SLQ picks the grid from the run's Ritz values). Its cumulative is
/// integrated by the trapezoid rule on its grid and scaled to end at 1 (SLQ densities integrate to 1 up to
/// the grid's truncation of the Gaussian tails); outside the grid it is 0 below and 1 above. Both cumulatives
/// are interpolated linearly onto the union of the two grids, and |F_p − F_q| is integrated there by the trapezoid
/// rule. For densities that are piecewise constant between grid points this is exact.
/// </remarks>
public static class Wasserstein
{
    public static double Distance(IReadOnlyList<double> gridP, IReadOnlyList<double> densityP, IReadOnlyList<double> gridQ, IReadOnlyList<double> densityQ)
    {
        var p = Cumulative(gridP, densityP, nameof(densityP));
        var q = Cumulative(gridQ, densityQ, nameof(densityQ));
        var union = gridP.Concat(gridQ).Distinct().Order().ToArray();
        double total = 0;
        var previous = Math.Abs(At(p, union[0]) - At(q, union[0]));
        for (var i = 1; i < union.Length; i++)
        {
            var gap = Math.Abs(At(p, union[i]) - At(q, union[i]));
            // F_p − F_q changes sign between two grid points: integrate each side's triangle, not their mean.
            var signChange = Math.Sign(At(p, union[i - 1]) - At(q, union[i - 1])) * Math.Sign(At(p, union[i]) - At(q, union[i])) < 0;
            var width = union[i] - union[i - 1];
            total += signChange
                ? width * (previous * previous + gap * gap) / (2 * (previous + gap))
                : width * (previous + gap) / 2;
            previous = gap;
        }
        return total;
    }

    /// <summary>(x, F(x)) at the grid's points, F rising from 0 to 1.</summary>
    static (double[] X, double[] F) Cumulative(IReadOnlyList<double> grid, IReadOnlyList<double> density, string name)
    {
        if (grid.Count < 2 || density.Count != grid.Count)
            throw new ArgumentException($"A density needs at least two grid points and one value per point ({grid.Count} points, {density.Count} values).", name);
        var f = new double[grid.Count];
        for (var i = 1; i < grid.Count; i++)
        {
            var width = grid[i] - grid[i - 1];
            if (!(width > 0)) throw new ArgumentException("A density's grid must be strictly increasing.", name);
            f[i] = f[i - 1] + width * (Mass(density[i - 1]) + Mass(density[i])) / 2;
        }
        var total = f[^1];
        if (!(total > 0)) throw new ArgumentException("A density must have positive mass.", name);
        for (var i = 0; i < f.Length; i++) f[i] /= total;
        return (grid.ToArray(), f);
    }

    /// <summary>A density's negative or non-finite values (rounding in the tails) count as no mass.</summary>
    static double Mass(double value) => double.IsFinite(value) && value > 0 ? value : 0;

    static double At((double[] X, double[] F) cdf, double x)
    {
        var (xs, f) = cdf;
        if (x <= xs[0]) return 0;
        if (x >= xs[^1]) return 1;
        var i = Array.BinarySearch(xs, x);
        if (i >= 0) return f[i];
        var above = ~i;
        var t = (x - xs[above - 1]) / (xs[above] - xs[above - 1]);
        return f[above - 1] + t * (f[above] - f[above - 1]);
    }
}
