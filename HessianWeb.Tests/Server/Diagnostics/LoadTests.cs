using System.Text.Json;
using HessianWeb.Server.Diagnostics;

namespace HessianWeb.Tests.Server.Diagnostics;

public sealed class LoadTests
{
    [Fact]
    public void Defaults_are_100_viewers_on_4_runs_over_two_servers_on_one_throw_away_sqlite_directory()
    {
        var options = LoadOptions.Parse(["load"])!;

        Assert.Equal((100, 4, 1_000_000, "sqlite"), (options.Viewers, options.Runs, options.Epochs, options.Store));
        Assert.StartsWith(Path.GetTempPath(), options.WorkDirectory);
        var a = options.ServerArgs(0, 5101, null);
        var b = options.ServerArgs(1, 5102, null);
        // One data directory and one artifacts directory for both; each its own name and port; no Redis, no local worker.
        Assert.Equal(Value(a, "--DataDirectory"), Value(b, "--DataDirectory"));
        Assert.Equal(Value(a, "--Artifacts:Directory"), Value(b, "--Artifacts:Directory"));
        Assert.Equal(("load-a", "load-b"), (Value(a, "--Server:InstanceName"), Value(b, "--Server:InstanceName")));
        Assert.Equal("http://127.0.0.1:5102", Value(b, "--urls"));
        Assert.Equal("false", Value(a, "--Workers:StartLocalWorker"));
        Assert.DoesNotContain("--Redis:Configuration", a);
    }

    [Fact]
    public void PostgreSql_gives_each_server_its_own_data_directory_and_the_store_and_Redis()
    {
        var options = LoadOptions.Parse(["load", "--viewers", "10", "--runs", "2", "--store", "postgresql", "--connection", "Host=db", "--redis", "127.0.0.1:6390"])!;

        var a = options.ServerArgs(0, 5101, "Host=db;Database=x");
        var b = options.ServerArgs(1, 5102, "Host=db;Database=x");
        Assert.NotEqual(Value(a, "--DataDirectory"), Value(b, "--DataDirectory"));
        Assert.Equal("postgresql", Value(a, "--Store:Provider"));
        Assert.Equal("Host=db;Database=x", Value(b, "--ConnectionStrings:Store"));
        Assert.Equal("127.0.0.1:6390", Value(b, "--Redis:Configuration"));
        Assert.Equal(Path.GetFileName(options.WorkDirectory), Value(a, "--Redis:ChannelPrefix"));
    }

    [Theory]
    [InlineData(new[] { "--viewers", "1" }, "--viewers must be a whole number")]
    [InlineData(new[] { "--runs", "many" }, "--runs must be a whole number")]
    [InlineData(new[] { "--store", "mysql" }, "--store must be sqlite or postgresql")]
    [InlineData(new[] { "--store", "postgresql" }, "--store postgresql needs --connection")]
    [InlineData(new[] { "--connection", "Host=db" }, "--connection is for --store postgresql")]
    [InlineData(new[] { "--servers", "a,b" }, "Unknown option '--servers'")]
    public void A_bad_option_is_named(string[] options, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["load", .. options]));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Other_commands_are_not_load() => Assert.Null(LoadOptions.Parse(["live-load"]));

    [Fact]
    public void Half_the_viewers_are_on_each_server_and_every_run_is_watched_from_both()
    {
        var placement = LoadOptions.Parse(["load", "--viewers", "100", "--runs", "4"])!.ViewerPlacement();

        Assert.Equal(50, placement.Count(v => v.Instance == 0));
        for (var run = 0; run < 4; run++)
        {
            Assert.InRange(placement.Count(v => v == (0, run)), 12, 13);
            Assert.InRange(placement.Count(v => v == (1, run)), 12, 13);
        }
    }

    [Fact]
    public void Cross_instance_viewers_without_live_events_are_a_failure_in_words_and_in_the_json()
    {
        var report = Report(cross: new ViewerGroup(2, 0, new LiveRenderReport(0, 0, 0, 0, 0, 0, 0)), redis: false);

        var failure = Assert.Single(report.Failures());
        Assert.Contains("Cross-instance viewers got no live events: none of the 2 viewers", failure);
        Assert.Contains("no --redis", failure);
        Assert.Contains(report.Lines(), line => line == $"  FAILED: {failure}");
        using var json = JsonDocument.Parse(report.Json());
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(failure, json.RootElement.GetProperty("failures")[0].GetString());
    }

    [Fact]
    public void A_clean_run_reports_each_group_and_each_servers_memory_and_cpu()
    {
        var report = Report(cross: new ViewerGroup(2, 2, new LiveRenderReport(40, 2, 30, 90.04, 120, 150, 10)), redis: true);

        Assert.True(report.Ok);
        var lines = report.Lines().ToList();
        Assert.Contains(lines, l => l.Contains("cross-instance viewers (the run's worker on the other server, events via Redis): 2 of 2 rendered live events; 40 renders") && l.Contains("p95 90 ms"));
        Assert.Contains("  load-a: working set min 100 MB, max 300 MB, end 200 MB; CPU 5.0 s in the window (50 % of one core)", lines);
        Assert.Contains("    working set every 5 s (MB): 100 200", lines);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(90.0, json.RootElement.GetProperty("crossInstance").GetProperty("p95Ms").GetDouble());
        Assert.Equal(300, json.RootElement.GetProperty("servers")[0].GetProperty("workingSetMb").GetProperty("max").GetInt32());
        Assert.Equal(5.0, json.RootElement.GetProperty("servers")[0].GetProperty("cpuSeconds").GetDouble());
    }

    static LoadReport Report(ViewerGroup cross, bool redis)
    {
        const long mb = 1_048_576;
        var same = new ViewerGroup(2, 2, new LiveRenderReport(40, 2, 20, 60, 80, 100, 10));
        long[] memory = [100 * mb, 300 * mb, 300 * mb, 300 * mb, 300 * mb, 200 * mb, 200 * mb];
        return new LoadReport(4, 2, "postgresql", redis, 10, same, cross, [new ServerUsage("load-a", memory, 5)], []);
    }

    static string Value(string[] args, string name) => args[Array.IndexOf(args, name) + 1];
}
