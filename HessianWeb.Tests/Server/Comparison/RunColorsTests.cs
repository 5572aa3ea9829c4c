using HessianWeb.Server.Comparison;

namespace HessianWeb.Tests.Server.Comparison;

public sealed class RunColorsTests
{
    [Fact]
    public void Positions_take_the_okabe_ito_colours_in_order_each_once()
    {
        var colours = Enumerable.Range(0, RunColors.MaxRuns).Select(RunColors.For).ToList();

        Assert.Equal(["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"], colours);
        Assert.Equal(["A", "B", "H"], new[] { 0, 1, 7 }.Select(RunColors.Letter));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunColors.For(RunColors.MaxRuns));
    }

    [Fact]
    public void A_faint_colour_is_the_same_colour_at_lower_opacity() =>
        Assert.Equal("rgba(230,159,0,0.3)", RunColors.Faint("#E69F00"));
}
