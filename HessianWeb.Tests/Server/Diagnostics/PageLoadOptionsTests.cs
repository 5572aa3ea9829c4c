using HessianWeb.Server.Diagnostics;

namespace HessianWeb.Tests.Server.Diagnostics;

public sealed class PageLoadOptionsTests
{
    [Fact]
    public void Defaults_are_three_run_lengths_opened_five_times_each_on_a_throw_away_store_without_a_worker()
    {
        var options = PageLoadOptions.Parse(["page-load"])!;

        Assert.Equal([2_000, 20_000, 100_000], options.Epochs);
        Assert.Equal(5, options.Opens);
        Assert.StartsWith(Path.GetTempPath(), options.DataDirectory);
        Assert.Contains("false", options.ServerArgs());
    }

    [Fact]
    public void Lengths_and_opens_are_read_from_the_options()
    {
        var options = PageLoadOptions.Parse(["page-load", "--epochs", "100, 5000", "--opens", "9"])!;

        Assert.Equal([100, 5_000], options.Epochs);
        Assert.Equal(9, options.Opens);
    }

    [Theory]
    [InlineData("--epochs", "2000,lots", "--epochs must be up to ten comma-separated whole numbers")]
    [InlineData("--epochs", "0", "--epochs must be up to ten comma-separated whole numbers")]
    [InlineData("--opens", "0", "--opens must be a whole number from 1 to 100")]
    [InlineData("--pages", "3", "Unknown option '--pages'")]
    public void A_bad_option_is_named(string name, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => PageLoadOptions.Parse(["page-load", name, value]));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Other_commands_are_not_page_load() => Assert.Null(PageLoadOptions.Parse(["live-load"]));
}
