using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Client.Spectral;

public class TraceEstimationTests
{
    static readonly double[] Spectrum = new[] { 30.0, 22, 15, 9 }
        .Concat(Enumerable.Range(0, 146).Select(i => Math.Cos(0.9 * i)))
        .ToArray();

    static readonly DenseSymmetricOperator Operator = new(KnownSpectrum.Matrix(Spectrum, seed: 21));
    static readonly double Exact = Spectrum.Sum();

    [Theory]
    [InlineData(ProbeDistribution.Rademacher, 1)]
    [InlineData(ProbeDistribution.Gaussian, 2)]
    public void Hutchinson_is_within_three_standard_errors(ProbeDistribution distribution, int seed)
    {
        var estimate = TraceEstimation.Hutchinson(Operator, probes: 40, distribution, seed);

        Assert.Equal(TraceMethod.Hutchinson, estimate.Method);
        Assert.Equal(40, estimate.OperatorApplications);
        Assert.True(estimate.StandardError > 0);
        Assert.True(Math.Abs(estimate.Value - Exact) <= 3 * estimate.StandardError, $"{estimate.Value} ± {estimate.StandardError} vs {Exact}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Hutch_plus_plus_is_within_three_standard_errors_and_tighter_than_hutchinson(int seed)
    {
        var plus = TraceEstimation.HutchPlusPlus(Operator, products: 42, seed: seed);
        var plain = TraceEstimation.Hutchinson(Operator, probes: 42, seed: seed);

        Assert.Equal(42, plus.OperatorApplications);
        Assert.True(Math.Abs(plus.Value - Exact) <= 3 * plus.StandardError, $"{plus.Value} ± {plus.StandardError} vs {Exact}");
        // The sketch takes the four outliers out of the random part.
        Assert.True(plus.StandardError < plain.StandardError / 2, $"Hutch++ ± {plus.StandardError}, Hutchinson ± {plain.StandardError}");
    }

    [Fact]
    public void Hutch_plus_plus_is_exact_when_the_sketch_spans_the_space()
    {
        double[] eigenvalues = [4, -1, 2.5, 0, 7, 3];
        var op = new DenseSymmetricOperator(KnownSpectrum.Matrix(eigenvalues, seed: 5));
        var estimate = TraceEstimation.HutchPlusPlus(op, products: 30, distribution: ProbeDistribution.Gaussian);

        Assert.Equal(eigenvalues.Sum(), estimate.Value, 1e-12);
        Assert.True(estimate.StandardError <= 1e-12);
    }

    [Fact]
    public void Too_few_products_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceEstimation.Hutchinson(Operator, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceEstimation.HutchPlusPlus(Operator, 3));
    }
}
