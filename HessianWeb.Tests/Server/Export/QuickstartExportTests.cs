using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Export;

/// <summary>The export of a quickstart the real worker trained, read back as Python would read it.</summary>
public sealed class QuickstartExportTests(CompletedQuickstart quickstart) : IClassFixture<CompletedQuickstart>
{
    [Fact]
    public async Task The_worker_saves_weights_at_init_and_end_and_the_events_table_keeps_no_arrays()
    {
        var checkpoints = await quickstart.Server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{quickstart.Id}/checkpoints");
        var names = checkpoints.EnumerateArray().Select(c => c.GetProperty("checkpoint").GetString()).ToList();
        Assert.Equal("init", names[0]);
        Assert.Contains("end", names);

        var artifacts = (await quickstart.Server.Results.GetEventsAsync(quickstart.Id)).Where(e => e.Kind == RunEventKind.Artifact).ToList();
        Assert.Contains(artifacts, e => e.Artifact!.Kind == ArtifactKinds.Data);
        Assert.All(artifacts, e => Assert.All(e.Artifact!.Tensors, t => Assert.Null(t.Data)));
        Assert.All(artifacts, e => Assert.True(File.Exists(quickstart.Server.Artifacts.FullPath(e.Artifact!.File!))));
    }

    [Fact]
    public async Task The_export_holds_the_final_model_named_as_nn_Sequential_the_data_and_the_results()
    {
        using var export = await ExportedRun.DownloadAsync(quickstart.Server.Http, quickstart.Id);

        foreach (var entry in new[] { "spec.json", "model.safetensors", "data.safetensors", "spectra.json", "traces.json", "outliers.json", "checkpoints/init.safetensors" })
            Assert.Contains(entry, export.Entries);

        var model = await export.HeaderAsync("model.safetensors");
        Assert.Equal(
            new[] { "0.weight F64 10,2", "0.bias F64 10", "2.weight F64 5,10", "2.bias F64 5", "4.weight F64 4,5", "4.bias F64 4" }.Order(),
            model.Tensors.Select(t => $"{t.Name} {t.Dtype} {string.Join(",", t.Shape)}").Order());

        var data = await export.HeaderAsync("data.safetensors");
        Assert.Equal(new[] { "x F64 100,2", "y I64 100" }, data.Tensors.Select(t => $"{t.Name} {t.Dtype} {string.Join(",", t.Shape)}").Order());
        var y = (await export.TensorsAsync("data.safetensors")).Single(t => t.Name == "y");
        Assert.Equal(new long[] { 0, 1, 2, 3 }, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(y.Data!).ToArray().Distinct().Order());

        var spectra = export.Json("spectra.json");
        Assert.Contains(spectra.EnumerateArray(), s => s.GetProperty("checkpoint").GetString() == "end" && s.GetProperty("method").GetString() == "exact");

        var densities = export.Entries.Where(e => e.StartsWith("densities/", StringComparison.Ordinal)).ToList();
        Assert.Contains("densities/end-hessian.csv", densities);
        foreach (var entry in densities)
        {
            var (columns, rows) = export.Csv(entry);
            Assert.Equal(["lambda", "density"], columns[..2]);
            Assert.StartsWith("probe_", columns[^1]);
            // SLQ's Gaussian-broadened density integrates to 1 over its grid (the broadening's tails cut at the ends).
            Assert.InRange(ExportedRun.Integral(rows, 1), 0.98, 1.02);
        }
    }
}
