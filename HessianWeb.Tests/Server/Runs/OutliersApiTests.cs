using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Server.Export;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs;

/// <summary><c>GET /api/runs/{id}/outliers</c>: per checkpoint, the measured outliers and top eigenvalues beside the class structure's prediction.</summary>
public sealed class OutliersApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    static ClassStructureResult Structure(string checkpoint) => new(
        checkpoint, 4, ClassStructureScopes.ClassAndCross, [2.5, 1.5, 0.75, 0.125], [0.5, 0.25], [2.75, 1.5, 0.75, 0.25],
        4.875, 0.75, 6.0, 0.375, [25, 25, 25, 25], 4 * 4 * 109 * 8, 512L << 20, null, "crossEntropy", 16, 0.01);

    [Fact]
    public async Task Each_checkpoint_has_its_outliers_the_top_eigenvalues_of_h_and_g_and_the_class_structure()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        await run.AppendAsync(
            e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [2.9, 1.4], Operator: CurvatureOperators.GaussNewton) },
            e => e with { Kind = RunEventKind.ClassStructure, ClassStructure = Structure(Checkpoints.End) },
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });

        var checkpoints = (await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/outliers")).EnumerateArray().ToList();

        Assert.Equal(new[] { "init", "end" }, checkpoints.Select(c => c.GetProperty("checkpoint").GetString()));
        var init = checkpoints[0];
        Assert.Empty(init.GetProperty("outliers").EnumerateArray());
        Assert.Equal("lanczos", init.GetProperty("hessian").GetProperty("method").GetString());
        Assert.Equal(new[] { 0.5, 0.2 }, init.GetProperty("hessian").GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()));
        // Nulls are left out, as everywhere in the API: no G analysed, no class structure at init here.
        Assert.False(init.TryGetProperty("gaussNewton", out _));
        Assert.False(init.TryGetProperty("classStructure", out _));

        var end = checkpoints[1];
        // The stored outlier estimate passes through as it is.
        var outlier = Assert.Single(end.GetProperty("outliers").EnumerateArray());
        Assert.Equal(3, outlier.GetProperty("count").GetInt32());
        Assert.Equal("hessian", outlier.GetProperty("operator").GetString());
        // The exact spectrum is preferred to Lanczos's and cut to max(20, C²) = 20 of its 109 eigenvalues, largest first.
        var hessian = end.GetProperty("hessian");
        Assert.Equal("exact", hessian.GetProperty("method").GetString());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 3.0 - i * 0.02), hessian.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("lanczos", end.GetProperty("gaussNewton").GetProperty("method").GetString());
        var structure = end.GetProperty("classStructure");
        Assert.Equal("classAndCross", structure.GetProperty("scope").GetString());
        Assert.Equal(new[] { 2.5, 1.5, 0.75, 0.125 }, structure.GetProperty("classEigenvalues").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(0.375, structure.GetProperty("withinTrace").GetDouble());
        Assert.Equal(4, structure.GetProperty("classes").GetInt32());
    }

    [Fact]
    public async Task The_class_structure_is_exported_with_the_run_and_an_unknown_run_is_404()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        await run.AppendAsync(
            e => e with { Kind = RunEventKind.ClassStructure, ClassStructure = Structure(Checkpoints.End) },
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });

        using var export = await ExportedRun.DownloadAsync(server.Http, run.Id);
        var exported = Assert.Single(export.Json("class-structure.json").EnumerateArray());
        Assert.Equal("end", exported.GetProperty("checkpoint").GetString());
        Assert.Equal(4.875, exported.GetProperty("classTrace").GetDouble());

        var missing = await server.Http.GetAsync($"/api/runs/{Guid.NewGuid()}/outliers");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
