using HessianWeb.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Export;

/// <summary>
/// Artifacts kept as files and the export zip, against the real server and SQLite file, with the run's
/// events written into the store as a worker would report them (no worker attached).
/// </summary>
public sealed class RunExportTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Artifact_tensors_go_to_safetensors_files_and_the_events_table_keeps_only_their_description()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);

        var artifacts = (await server.Results.GetEventsAsync(run.Id)).Where(e => e.Kind == RunEventKind.Artifact).Select(e => e.Artifact!).ToList();
        Assert.Equal(4, artifacts.Count);
        Assert.All(artifacts, a => Assert.All(a.Tensors, t => Assert.Null(t.Data)));
        Assert.Equal($"runs/{run.Id}/end-weights.safetensors", artifacts.Single(a => a.Checkpoint == Checkpoints.End && a.Kind == ArtifactKinds.Weights).File);

        // The rows themselves, not only what the store hands back, are free of arrays.
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<RunsDbContext>>().CreateDbContextAsync())
        {
            var rows = await db.RunEvents.Where(e => e.RunId == run.Id && e.Kind == RunEventKind.Artifact).Select(e => e.Json).ToListAsync();
            Assert.Equal(4, rows.Count);
            Assert.All(rows, json => Assert.DoesNotContain("\"data\":", json));
            Assert.All(rows, json => Assert.True(json.Length < 2_000, $"{json.Length} characters"));
        }

        var endWeights = artifacts.Single(a => a.Checkpoint == Checkpoints.End && a.Kind == ArtifactKinds.Weights);
        var read = await server.Artifacts.ReadTensorsAsync(endWeights);
        Assert.Equal(FabricatedRun.Weights(200).Select(t => (t.Name, t.Dtype, t.Data)), read.Select(t => (t.Name, t.Dtype, t.Data)));
        Assert.StartsWith(server.DataDirectory, server.Artifacts.FullPath(endWeights.File!));
    }

    [Fact]
    public async Task A_replayed_artifact_event_writes_no_file()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        var stored = await server.Results.GetEventsAsync(run.Id);
        var endWeights = stored.Single(e => e.Artifact is { Kind: ArtifactKinds.Weights, Checkpoint: Checkpoints.End });
        var path = server.Artifacts.FullPath(endWeights.Artifact!.File!);
        File.Delete(path);

        var replay = endWeights with { Artifact = endWeights.Artifact with { Tensors = FabricatedRun.Weights(999), File = null } };
        Assert.Empty(await server.Store.AppendAsync([replay]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_checkpoint_saved_twice_keeps_both_files()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        var again = await run.AppendAsync(FabricatedRun.Artifact(Checkpoints.End, ArtifactKinds.Weights, FabricatedRun.Weights(300)));

        var file = again.Single().Artifact!.File!;
        Assert.Equal($"runs/{run.Id}/end-weights-{again.Single().Sequence}.safetensors", file);
        var checkpoints = await server.Results.GetCheckpointsAsync(run.Id);
        Assert.Equal(new[] { "init", "end", "end" }, checkpoints.Select(c => c.Checkpoint));
        Assert.Equal(FabricatedRun.Weights(300)[0].Data, (await server.Artifacts.ReadTensorsAsync(checkpoints[^1]))[0].Data);
        Assert.Equal(FabricatedRun.Weights(200)[0].Data, (await server.Artifacts.ReadTensorsAsync(checkpoints[1]))[0].Data);
    }

    [Fact]
    public async Task An_artifact_whose_bytes_do_not_fit_its_shape_is_stored_without_a_file_and_the_run_goes_on()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        var bad = new NamedTensor("0.weight", "float64", [10, 2], new byte[7]);
        var stored = await run.AppendAsync(FabricatedRun.Artifact("epoch-5", ArtifactKinds.Weights, [bad]));

        Assert.Null(stored.Single().Artifact!.File);
        Assert.DoesNotContain(await server.Results.GetCheckpointsAsync(run.Id), c => c.Checkpoint == "epoch-5");
        await run.AppendAsync(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });
        Assert.Equal(RunStatus.Completed, (await server.Results.GetAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task The_result_endpoints_list_densities_traces_outliers_and_checkpoints()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);

        var densities = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/densities");
        var density = Assert.Single(densities.EnumerateArray());
        Assert.Equal("end", density.GetProperty("checkpoint").GetString());
        Assert.Equal("hessian", density.GetProperty("operator").GetString());
        Assert.Equal(3, density.GetProperty("probeDensities").GetArrayLength());

        var trace = Assert.Single((await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/traces")).EnumerateArray());
        Assert.Equal("hutchinson", trace.GetProperty("method").GetString());
        Assert.Equal(6.1, trace.GetProperty("value").GetDouble());

        var outliers = (await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/outliers")).EnumerateArray()
            .Single(c => c.GetProperty("checkpoint").GetString() == "end");
        Assert.Equal(3, Assert.Single(outliers.GetProperty("outliers").EnumerateArray()).GetProperty("count").GetInt32());

        var checkpoints = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/checkpoints");
        Assert.Equal(new[] { "init", "end" }, checkpoints.EnumerateArray().Select(c => c.GetProperty("checkpoint").GetString()));
        var end = checkpoints[1];
        Assert.Equal($"runs/{run.Id}/end-weights.safetensors", end.GetProperty("file").GetString());
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" },
            end.GetProperty("tensors").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.False(end.GetProperty("tensors")[0].TryGetProperty("data", out _));

        var spectra = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/spectra");
        var lanczosEnd = spectra.EnumerateArray().Single(s => s.GetProperty("checkpoint").GetString() == "end" && s.GetProperty("method").GetString() == "lanczos");
        Assert.Equal("hessian", lanczosEnd.GetProperty("operator").GetString());
        Assert.Equal(-0.01, lanczosEnd.GetProperty("bottomEigenvalues")[0].GetDouble());

        foreach (var path in new[] { "densities", "traces", "outliers", "checkpoints", "export", "analyses" })
        {
            var missing = Guid.NewGuid();
            var response = await server.Http.GetAsync($"/api/runs/{missing}/{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(missing.ToString(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_export_is_a_zip_of_spec_final_model_data_results_and_other_checkpoints()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);

        using var export = await ExportedRun.DownloadAsync(server.Http, run.Id);

        Assert.Equal($"quickstart-{run.Id}.zip", export.FileName);
        Assert.Equal(
            new[] { "spec.json", "model.safetensors", "model.json", "data.safetensors", "spectra.json", "traces.json", "outliers.json",
                "class-structure.json", "densities/end-hessian.csv", "checkpoints/init.safetensors", "eigenvectors/end.safetensors" },
            export.Entries);
        Assert.Equal(JsonFormat.Serialize(new ExperimentSpec()), JsonFormat.Serialize(JsonFormat.Deserialize<ExperimentSpec>(export.Json("spec.json").GetRawText())));

        var model = await export.TensorsAsync("model.safetensors");
        // The layer list model kind "sequential" reads back: the quickstart's MLP, 2 → 10 → 5 → 4.
        Assert.Equal(SequentialModelFile.CurrentFormat, export.Json("model.json").GetProperty("format").GetString());
        Assert.Equal([2L], export.Json("model.json").GetProperty("inputShape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(FabricatedRun.Weights(200).Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape), t.Data)),
            model.Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape), t.Data)));
        var init = await export.TensorsAsync("checkpoints/init.safetensors");
        Assert.Equal(FabricatedRun.Weights(100)[0].Data, init[0].Data);

        var data = await export.HeaderAsync("data.safetensors");
        Assert.Equal(("F64", "100,2"), (data["x"].Dtype, string.Join(",", data["x"].Shape)));
        Assert.Equal(("I64", "100"), (data["y"].Dtype, string.Join(",", data["y"].Shape)));
        var y = (await export.TensorsAsync("data.safetensors")).Single(t => t.Name == "y");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)(i % 4)), MemoryMarshal.Cast<byte, long>(y.Data!).ToArray());

        Assert.Equal(3, export.Json("spectra.json").GetArrayLength());
        Assert.Equal("hutchinson", export.Json("traces.json")[0].GetProperty("method").GetString());
        Assert.Equal(3, export.Json("outliers.json")[0].GetProperty("count").GetInt32());

        var (columns, rows) = export.Csv("densities/end-hessian.csv");
        Assert.Equal(new[] { "lambda", "density", "probe_1", "probe_2", "probe_3" }, columns);
        Assert.Equal(401, rows.Length);
        Assert.Equal(1.0, ExportedRun.Integral(rows, 1), 1e-6);
        Assert.Equal(1.0, ExportedRun.Integral(rows, 4), 1e-6);

        Assert.Equal(new long[] { 3, 109 }, (await export.HeaderAsync("eigenvectors/end.safetensors"))["vectors"].Shape);
    }

    [Fact]
    public async Task A_run_without_final_weights_is_a_409_that_says_why()
    {
        var queued = await server.PostRunAsync(new ExperimentSpec());
        var running = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false, withArtifacts: false);
        var oldWorker = await FabricatedRun.CreateAsync(server.Store, server.Results, withArtifacts: false);

        foreach (var (id, says) in new[] { (queued, "queued"), (running.Id, "still running"), (oldWorker.Id, "without saving its final weights") })
        {
            var response = await server.Http.GetAsync($"/api/runs/{id}/export");
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(says, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }
}
