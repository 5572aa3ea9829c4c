using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Api;

/// <summary>The comparison's downloads against the real server and SQLite file.</summary>
public sealed class ComparisonApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_metrics_CSV_has_a_row_per_run_in_the_address_order()
    {
        var a = await FabricatedRun.CreateAsync(server.Store, withArtifacts: false);
        var b = await FabricatedRun.CreateAsync(server.Store, withArtifacts: false);

        var response = await server.Http.GetAsync($"/api/compare/metrics.csv?runs={b.Id},{a.Id}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        // FabricatedRun: epoch 1 with train loss 1.2; exact spectrum 3.0 … 0.84 at end; Hutchinson trace 6.1; 3 outliers above 0.4.
        var lambdaMin = (3.0 - 108 * 0.02).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"\"quickstart\",{b.Id},\"end\",1.2,0.5,0.45,3,{lambdaMin},6.1,3,0.4,0", lines[1]);
        Assert.StartsWith($"\"quickstart\",{a.Id},", lines[2]);
    }

    [Fact]
    public async Task The_series_JSON_holds_every_chart_and_bad_parameters_are_named()
    {
        var a = await FabricatedRun.CreateAsync(server.Store, withArtifacts: false);

        var json = await server.Http.GetFromJsonAsync<JsonElement>($"/api/compare/series.json?runs={a.Id}&smooth=0");
        var bad = await server.Http.GetAsync($"/api/compare/series.json?runs={a.Id},nonsense&smooth=2");
        var unknown = await server.Http.GetAsync($"/api/compare/metrics.csv?runs={Guid.NewGuid()}");

        Assert.Equal(["accuracy", "density", "outliers", "ritz", "spectrum", "trainLoss"], json.GetProperty("charts").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("#0072B2", json.GetProperty("runs")[0].GetProperty("color").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["runs", "smooth"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
