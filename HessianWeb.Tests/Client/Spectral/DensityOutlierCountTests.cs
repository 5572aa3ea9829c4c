using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Client.Spectral;

/// <summary>One estimator on three views of one planted matrix: every eigenvalue, Lanczos's top K, and the SLQ density.</summary>
public class DensityOutlierCountTests
{
    [Fact]
    public void Exact_Lanczos_top_K_and_the_density_agree_on_a_planted_matrix()
    {
        // Three spikes at 1 + 3√γ and up on a Marchenko–Pastur bulk (p = 120, γ = 0.25), in a random basis.
        var planted = PlantedSpectra.Wishart(120, 0.25, PlantedSpectra.Heights(3, 2.5), seed: 11);
        var op = new DenseSymmetricOperator(KnownSpectrum.Matrix(planted, seed: 12));
        var exact = Outliers.FromEigenvalues(KnownSpectrum.DenseEigenvalues(KnownSpectrum.Matrix(planted, seed: 12)));
        Assert.Equal(3, exact.ClearCount); // the planted answer, else the comparison below proves nothing

        var lanczos = Lanczos.ExtremeEigenvalues(op, new LanczosOptions(12, 80, 1e-10, Seed: 3));
        var top = Outliers.FromEigenvalues(lanczos.Top.Select(r => r.Value).ToArray(), dimension: op.Dimension);
        Assert.Equal(exact.ClearCount, top.ClearCount);
        Assert.Equal(exact.BulkEdge, top.BulkEdge, 1e-8);

        var density = StochasticLanczosQuadrature.Estimate(op, new SpectralDensityOptions(40, 30, ProbeDistribution.Rademacher, Seed: 5));
        var count = DensityOutlierCount.Above(density.Quadratures, exact.GapMiddle, op.Dimension);
        // Unbiased with a standard error over 40 probes: within 3 standard errors of the exact count.
        Assert.InRange(count.Value, 3 - 3 * count.StandardError, 3 + 3 * count.StandardError);
        Assert.True(count.StandardError < 1, $"the standard error {count.StandardError} is too wide to tell 3 from 2 or 4");
    }

    [Fact]
    public void The_mass_above_an_edge_is_M_times_the_weights_of_the_nodes_above_it()
    {
        QuadratureRule[] rules = [new([0.1, 0.5, 3], [0.5, 0.3, 0.2]), new([0.2, 4], [0.9, 0.1])];

        var count = DensityOutlierCount.Above(rules, 1, dimension: 10);

        Assert.Equal(1.5, count.Value, 1e-12); // (10·0.2 + 10·0.1)/2
        Assert.Equal(0.5, count.StandardError, 1e-12); // |2 − 1|/√2 · 1/√2
        Assert.Throws<ArgumentException>(() => DensityOutlierCount.Above(rules, double.NaN, 10));
        Assert.Throws<ArgumentException>(() => DensityOutlierCount.Above(rules, 1, 0));
    }
}
