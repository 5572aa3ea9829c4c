using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Client.Spectral;

public class StochasticLanczosQuadratureTests
{
    /// <summary>Outliers, a bulk and a negative tail, n = 200.</summary>
    static readonly double[] Spectrum = new[] { 25.0, 18, 12 }
        .Concat(Enumerable.Range(0, 187).Select(i => 2 * Math.Pow(Math.Sin(0.37 * i), 2)))
        .Concat(Enumerable.Range(0, 10).Select(i => -0.1 * (i + 1)))
        .ToArray();

    static readonly DenseSymmetricOperator Operator = new(KnownSpectrum.Matrix(Spectrum, seed: 12));

    [Fact]
    public void The_density_and_every_probe_density_integrate_to_one()
    {
        var density = StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 6, Steps: 30, Seed: 1));

        Assert.Equal(1, density.Integral, 1e-6);
        Assert.Equal(6, density.ProbeDensities.Count);
        Assert.All(density.ProbeDensities, p => Assert.Equal(1, SpectralDensity.Trapezoid(density.Grid, p), 1e-6));
        Assert.All(density.Quadratures, q => Assert.Equal(1, q.Weights.Sum(), 1e-12));
        Assert.All(density.Density, d => Assert.True(d >= 0));
        Assert.Equal(6 * 30, density.OperatorApplications);
        Assert.Equal(0.01 * (density.Quadratures.Max(q => q.Nodes[^1]) - density.Quadratures.Min(q => q.Nodes[0])), density.Width, 1e-12);
    }

    [Theory]
    [InlineData(ProbeDistribution.Rademacher)]
    [InlineData(ProbeDistribution.Gaussian)]
    public void The_first_three_moments_match_the_exact_ones_within_three_standard_errors(ProbeDistribution distribution)
    {
        var density = StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 30, Steps: 20, Distribution: distribution, Seed: 4));

        for (var j = 1; j <= 3; j++)
        {
            var exact = Spectrum.Sum(l => Math.Pow(l, j)) / Spectrum.Length; // tr(A^j)/n
            var moment = density.Moment(j);
            Assert.True(moment.StandardError > 0);
            Assert.True(Math.Abs(moment.Value - exact) <= 3 * moment.StandardError,
                $"moment {j}: {moment.Value:G6} ± {moment.StandardError:G3}, exact {exact:G6}");
        }
    }

    [Fact]
    public void Broadening_keeps_the_mean_of_the_quadrature()
    {
        var density = StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 4, Steps: 25, Seed: 2, GridPoints: 4001));

        var gridMean = SpectralDensity.Trapezoid(density.Grid, density.Grid.Zip(density.Density, (t, d) => t * d).ToArray());
        Assert.Equal(density.Moment(1).Value, gridMean, 1e-6);
    }

    [Fact]
    public void With_as_many_steps_as_dimensions_the_nodes_are_the_eigenvalues()
    {
        double[] eigenvalues = [-2, 0.5, 1, 3, 7];
        var op = new DenseSymmetricOperator(KnownSpectrum.Matrix(eigenvalues, seed: 3));
        var density = StochasticLanczosQuadrature.Estimate(op, new SpectralDensityOptions(Probes: 2, Steps: 50, Distribution: ProbeDistribution.Gaussian));

        foreach (var rule in density.Quadratures)
        {
            Assert.Equal(5, rule.Nodes.Length);
            for (var i = 0; i < 5; i++) Assert.Equal(eigenvalues[i], rule.Nodes[i], 1e-12);
        }
    }

    [Fact]
    public void One_probe_gives_a_density_of_its_own_but_no_standard_error()
    {
        var density = StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 1, Steps: 30, Seed: 1));

        Assert.Equal(1, density.Integral, 1e-6);
        Assert.Equal(density.Density, Assert.Single(density.ProbeDensities));
        Assert.Throws<ArgumentException>(() => density.Moment(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 0)));
    }

    [Fact]
    public void A_stated_width_is_used_and_a_grid_too_coarse_for_it_is_refused()
    {
        var density = StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 2, Steps: 10, Width: 0.5));
        Assert.Equal(0.5, density.Width);

        var error = Assert.Throws<ArgumentException>(() =>
            StochasticLanczosQuadrature.Estimate(Operator, new SpectralDensityOptions(Probes: 2, Steps: 10, Width: 1e-3)));
        Assert.Contains("too coarse", error.Message);
    }

    [Fact]
    public void The_same_seed_gives_the_same_density()
    {
        var options = new SpectralDensityOptions(Probes: 3, Steps: 15, Seed: 9);
        Assert.Equal(
            StochasticLanczosQuadrature.Estimate(Operator, options).Density,
            StochasticLanczosQuadrature.Estimate(Operator, options).Density);
    }
}
