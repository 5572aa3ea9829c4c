using HessianWeb.Server.Comparison;

namespace HessianWeb.Tests.Server.Comparison;

public sealed class WassersteinTests
{
    [Fact]
    public void Two_unit_uniform_densities_two_apart_are_two_apart()
    {
        // F₁ rises on [0, 1], F₂ on [2, 3]: ∫|F₁ − F₂| = ½ + 1 + ½ = 2.
        var w1 = Wasserstein.Distance([0.0, 1.0], [1.0, 1.0], [2.0, 3.0], [1.0, 1.0]);

        Assert.Equal(2.0, w1, 1e-12);
    }

    [Fact]
    public void Uniform_on_zero_one_against_uniform_on_zero_two_is_one_half()
    {
        // F₁ − F₂ = x/2 on [0, 1] and 1 − x/2 on [1, 2]: ¼ + ¼. The second density's grid is finer and unscaled (∫ = 4).
        var w1 = Wasserstein.Distance([0.0, 1.0], [1.0, 1.0], [0.0, 0.5, 1.0, 1.5, 2.0], [2.0, 2.0, 2.0, 2.0, 2.0]);

        Assert.Equal(0.5, w1, 1e-12);
    }

    [Fact]
    public void A_density_is_at_distance_zero_from_itself_and_the_distance_is_symmetric()
    {
        var (grid, p) = Gaussian(0, 1, -8, 8, 801);
        var (gridQ, q) = Gaussian(0.4, 0.7, -6, 7, 513);

        Assert.Equal(0, Wasserstein.Distance(grid, p, grid, p), 1e-15);
        Assert.Equal(Wasserstein.Distance(grid, p, gridQ, q), Wasserstein.Distance(gridQ, q, grid, p), 1e-12);
    }

    [Fact]
    public void A_shift_on_different_grids_is_the_shift()
    {
        var (gridP, p) = Gaussian(1.0, 0.25, -1, 3, 1001);
        var (gridQ, q) = Gaussian(1.3, 0.25, -0.5, 3.5, 700);

        Assert.Equal(0.3, Wasserstein.Distance(gridP, p, gridQ, q), 1e-4);
    }

    [Fact]
    public void Two_centred_normals_whose_cumulatives_cross_are_the_spread_difference_times_the_mean_absolute_normal()
    {
        // The monotone coupling moves σ₁Z to σ₂Z: W₁ = |σ₁ − σ₂|·E|Z| = √(2/π) for σ = 1 and 2.
        var (gridP, p) = Gaussian(0, 1, -20, 20, 4001);
        var (gridQ, q) = Gaussian(0, 2, -20, 20, 3001);

        Assert.Equal(Math.Sqrt(2 / Math.PI), Wasserstein.Distance(gridP, p, gridQ, q), 1e-4);
    }

    [Fact]
    public void A_density_without_mass_or_with_a_bad_grid_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Wasserstein.Distance([0.0, 1.0], [0.0, 0.0], [0.0, 1.0], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Wasserstein.Distance([0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Wasserstein.Distance([0.0, 1.0], [1.0], [0.0, 1.0], [1.0, 1.0]));
    }

    static (double[] Grid, double[] Density) Gaussian(double mean, double sigma, double lo, double hi, int points)
    {
        var grid = Enumerable.Range(0, points).Select(i => lo + (hi - lo) * i / (points - 1)).ToArray();
        return (grid, grid.Select(x => Math.Exp(-0.5 * Math.Pow((x - mean) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI))).ToArray());
    }
}
