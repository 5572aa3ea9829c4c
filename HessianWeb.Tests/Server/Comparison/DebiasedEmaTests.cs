using HessianWeb.Server.Comparison;

namespace HessianWeb.Tests.Server.Comparison;

public sealed class DebiasedEmaTests
{
    [Fact]
    public void Matches_the_hand_computed_debiased_average()
    {
        // w = 0.5: s = 0.5, 1.25, 2.125; divided by 1 − 0.5ⁿ = 0.5, 0.75, 0.875 → 1, 5/3, 17/7.
        var smoothed = DebiasedEma.Smooth([1.0, 2.0, 3.0], 0.5);

        Assert.Equal(1.0, smoothed[0], 1e-15);
        Assert.Equal(5.0 / 3, smoothed[1], 1e-15);
        Assert.Equal(17.0 / 7, smoothed[2], 1e-15);
    }

    [Fact]
    public void Debiasing_starts_the_curve_at_the_first_value_and_keeps_a_constant_constant()
    {
        // Without the correction the first point would be (1 − 0.9)·4 = 0.4.
        var smoothed = DebiasedEma.Smooth([4.0, 4.0, 4.0, 4.0], 0.9);

        Assert.All(smoothed, s => Assert.Equal(4.0, s, 1e-12));
    }

    [Fact]
    public void A_weight_of_zero_is_the_raw_series()
    {
        double[] values = [3.0, -1.0, 0.5];

        Assert.Equal(values, DebiasedEma.Smooth(values, 0));
    }

    [Fact]
    public void A_non_finite_value_passes_through_and_does_not_count()
    {
        // After the NaN, n is still 1: s = 0.25 + 1.5 = 1.75, over 1 − 0.25 → 7/3.
        var smoothed = DebiasedEma.Smooth([1.0, double.NaN, 3.0], 0.5);

        Assert.Equal(1.0, smoothed[0], 1e-15);
        Assert.True(double.IsNaN(smoothed[1]));
        Assert.Equal(7.0 / 3, smoothed[2], 1e-15);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Refuses_a_weight_outside_zero_to_the_maximum(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DebiasedEma.Smooth([1.0], weight));
}
