using HessianWeb.Server.Diagnostics;

namespace HessianWeb.Tests.Server.Diagnostics;

public class LiveRenderLagTests
{
    [Fact]
    public void An_empty_record_reports_nothing()
    {
        Assert.Equal(new LiveRenderReport(0, 0, 0, 0, 0, 0, 0), new LiveRenderLag().Report());
    }

    [Fact]
    public void Quantiles_are_of_the_recorded_lags_and_pages_are_counted_apart()
    {
        var lag = new LiveRenderLag();
        var (a, b) = (new object(), new object());
        // Events made 1 … 100 s ago: each lag is at least that, and at most that plus the time the test takes.
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 100; i++) lag.Record(i % 2 == 0 ? a : b, Guid.Empty, now.AddSeconds(-i));

        var report = lag.Report();

        Assert.Equal(100, report.Renders);
        Assert.Equal(2, report.Pages);
        Assert.InRange(report.P50Ms, 50_000, 51_000);
        Assert.InRange(report.P95Ms, 95_000, 96_000);
        Assert.InRange(report.MaxMs, 100_000, 101_000);
        // All 50 renders of each page fell within one second.
        Assert.Equal(50, report.BusiestSecond);

        lag.Clear();
        Assert.Equal(0, lag.Report().Renders);
    }

    [Theory]
    [InlineData(new[] { "live-load" }, 20, 50, 15)]
    [InlineData(new[] { "live-load", "--pages", "5", "--rate", "200", "--seconds", "3" }, 5, 200, 3)]
    public void The_command_line_gives_pages_rate_and_seconds(string[] args, int pages, int rate, int seconds)
    {
        var options = LiveLoadOptions.Parse(args)!;
        Assert.Equal((pages, rate, seconds), (options.Pages, options.Rate, options.Seconds));
        Assert.Contains("false", options.ServerArgs());
    }

    [Theory]
    [InlineData("--pages", "0", "--pages must be a whole number")]
    [InlineData("--rate", "fast", "--rate must be a whole number")]
    [InlineData("--warp", "9", "Unknown option '--warp'")]
    public void A_bad_option_is_named(string name, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => LiveLoadOptions.Parse(["live-load", name, value]));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Other_commands_are_not_live_load() => Assert.Null(LiveLoadOptions.Parse(["seed"]));
}
