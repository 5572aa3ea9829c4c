using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Comparison;

/// <summary>The comparison's downloads against the real server and SQLite file: the metrics CSV and every plotted series.</summary>
public sealed class ComparisonApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_metrics_csv_has_a_row_per_run_in_url_order_with_w1_to_the_first()
    {
        var (first, shifted) = await TwoRunsAsync();

        var response = await server.Http.GetAsync($"/api/compare/metrics.csv?runs={shifted},{first}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("comparison-metrics.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(["A", "B"], rows.Select(r => r["run"]));
        Assert.Equal([shifted.ToString(), first.ToString()], rows.Select(r => r["id"]));
        Assert.All(rows, r => Assert.Equal("end", r["checkpoint"]));
        Assert.All(rows, r => Assert.Equal("1.2", r["train_loss"]));
        Assert.All(rows, r => Assert.Equal("exact", r["eigenvalues_from"]));
        Assert.All(rows, r => Assert.Equal("3", r["lambda_max"]));
        Assert.All(rows, r => Assert.Equal("3", r["outliers"]));
        // N(1.5, 0.25²) against N(1, 0.25²): the shift, 0.5, within the grids' truncation and spacing.
        Assert.Equal("0", rows[0]["w1_to_first"]);
        Assert.Equal(0.5, double.Parse(rows[1]["w1_to_first"], CultureInfo.InvariantCulture), 1e-3);
    }

    [Fact]
    public async Task The_series_json_holds_every_chart_in_the_runs_colours()
    {
        var (first, shifted) = await TwoRunsAsync();

        var json = await server.Http.GetFromJsonAsync<JsonElement>($"/api/compare/series?runs={first},{shifted}&smoothing=0");

        Assert.Equal("end", json.GetProperty("checkpoint").GetString());
        Assert.Equal(["#0072B2", "#E69F00"], json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("color").GetString()));
        var charts = json.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
        Assert.Equal(["train-loss", "test-loss", "train-accuracy", "test-accuracy", "eigenvalues", "density", "ritz", "outliers"], charts.Keys);
        // Smoothing off: one line per run, no raw line behind it.
        var loss = charts["train-loss"].GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["A · quickstart", "B · quickstart"], loss.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([1.0, 1.2], loss[0].GetProperty("points")[0].EnumerateArray().Select(v => v.GetDouble()));
        var density = charts["density"].GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["#0072B2", "#E69F00"], density.Select(s => s.GetProperty("color").GetString()));
        Assert.Equal(401, density[1].GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_query_is_a_400_naming_the_key_and_an_unknown_run_a_404()
    {
        var bad = await server.Http.GetAsync("/api/compare/metrics.csv?runs=nope&operator=fisher");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("'nope' is not a run id", errors.GetProperty("runs")[0].GetString());
        Assert.Contains("'fisher' is not a curvature operator", errors.GetProperty("operator")[0].GetString());

        var missing = Guid.Parse("0195f3c2-0000-7000-8000-0000000000ff");
        var unknown = await server.Http.GetAsync($"/api/compare/series?runs={missing}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(missing.ToString(), await unknown.Content.ReadAsStringAsync());
    }

    /// <summary>Two fabricated quickstart runs; the second's newest density at end is the first's moved right by 0.5.</summary>
    async Task<(Guid First, Guid Shifted)> TwoRunsAsync()
    {
        var first = await FabricatedRun.CreateAsync(server.Store, server.Results, withArtifacts: false);
        var shifted = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false, withArtifacts: false);
        await shifted.AppendAsync(
            e => e with { Kind = RunEventKind.Density, Density = FabricatedRun.GaussianDensity(Checkpoints.End, 1.5, 0.25) },
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });
        return (first.Id, shifted.Id);
    }
}
