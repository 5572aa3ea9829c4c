using HessianWeb.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>A phased run with an interpolation, end to end: the real server, SQLite and worker process over SignalR.</summary>
public sealed class PhasedRunHubTests : IDisposable
{
    readonly RunningServer server = new();

    public void Dispose() => server.Dispose();

    static readonly ExperimentSpec Spec = new()
    {
        Name = "lb then sb",
        Data = new DataSpec { TrainSize = 60, TestSize = 40 },
        Training = new TrainingSpec
        {
            GradNormTolerance = 0,
            Phases = [new() { Name = "lb", BatchSize = 30, Epochs = 20 }, new() { Name = "sb", BatchSize = 5, Epochs = 10, LearningRate = 0.05 }],
        },
        Analysis = new AnalysisSpec
        {
            LanczosK = 3, LanczosBottomK = 0, LanczosMaxSteps = 40,
            Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
            Interpolations = [new() { From = "lb:end", To = "end" }],
        },
    };

    [Fact]
    public async Task A_phased_run_labels_epochs_and_checkpoints_by_phase_streams_its_interpolation_and_takes_another_on_request()
    {
        await server.WaitForWorkerAsync();
        var id = await server.PostRunAsync(Spec);
        var ended = await server.WaitForEndAsync(id, TimeSpan.FromMinutes(3));
        Assert.True(ended.Status == RunStatus.Completed, ended.Error);

        var events = await server.Results.GetEventsAsync(id);
        var epochs = events.Where(e => e.Kind == RunEventKind.Epoch).Select(e => e.Epoch!).ToList();
        Assert.Equal(Enumerable.Repeat("lb", 21).Concat(Enumerable.Repeat("sb", 11)), epochs.Select(e => e.Phase));
        Assert.Equal(Enumerable.Range(0, 21).Concat(Enumerable.Range(20, 11)), epochs.Select(e => e.Epoch));
        Assert.Equal(["init", "lb:end", "end"], (await server.Results.GetCheckpointsAsync(id)).Select(c => c.Checkpoint));
        Assert.Equal(["init", "lb:end", "end"], (await server.Results.GetSpectraAsync(id)).Where(s => s.Method == SpectrumMethods.Exact).Select(s => s.Checkpoint));

        var curves = await server.Http.GetFromJsonAsync<List<InterpolationCurve>>($"/api/runs/{id}/interpolations", JsonFormat.Options);
        var line = Assert.Single(curves!);
        Assert.Equal("lb:end→end", line.Label);
        Assert.Equal(41, line.Points.Count);
        Assert.Equal(epochs[20].TrainLoss, line.Points.Single(p => p.Alpha == 0).TrainLoss, 1e-12);
        Assert.Equal(epochs[^1].TrainLoss, line.Points.Single(p => p.Alpha == 1).TrainLoss, 1e-12);

        // On request, once the run is done: init → lb:end with the top eigenvalue, on the worker, as a new analysis.
        var response = await server.Http.PostAsync($"/api/runs/{id}/interpolations", new StringContent(
            """{ "from": { "checkpoint": "init" }, "to": { "checkpoint": "lb:end" }, "points": 5, "alphaMin": 0, "alphaMax": 1, "topEigenvalue": true }""",
            Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Assert.Equal("init→lb:end", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString());
        var again = await server.WaitForRunAsync(id, r => r.Status == RunStatus.Completed && r.LastSequence > ended.LastSequence + 1, TimeSpan.FromMinutes(2));
        Assert.Null(again.Error);

        curves = (await server.Http.GetFromJsonAsync<List<InterpolationCurve>>($"/api/runs/{id}/interpolations", JsonFormat.Options))!;
        Assert.Equal(["lb:end→end", "init→lb:end"], curves!.Select(c => c.Label));
        var requested = curves[1].Points;
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], requested.Select(p => p.Alpha));
        Assert.All(requested, p => Assert.True(p.TopEigenvalue > 0));
        Assert.Equal(epochs[0].TrainLoss, requested[0].TrainLoss, 1e-12);
        Assert.Equal(epochs[20].TrainLoss, requested[^1].TrainLoss, 1e-12);
        var exactAtLbEnd = (await server.Results.GetSpectraAsync(id)).Single(s => s.Checkpoint == "lb:end" && s.Method == SpectrumMethods.Exact).Eigenvalues[0];
        Assert.Equal(exactAtLbEnd, requested[^1].TopEigenvalue!.Value, exactAtLbEnd * 1e-6);

        // The export carries both lines.
        await using var zip = new System.IO.Compression.ZipArchive(await server.Http.GetStreamAsync($"/api/runs/{id}/export"));
        await using var entry = await zip.GetEntry("interpolations.json")!.OpenAsync();
        var exported = await JsonSerializer.DeserializeAsync<List<InterpolationCurve>>(entry, JsonFormat.Options);
        Assert.Equal([41, 5], exported!.Select(c => c.Points.Count));
    }
}
