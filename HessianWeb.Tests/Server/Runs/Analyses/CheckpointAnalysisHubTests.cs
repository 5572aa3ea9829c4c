using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Runs.Analyses;

/// <summary>
/// New analyses of saved checkpoints over the real hub, with the worker played by the test (<see cref="FakeWorker"/>)
/// so each step of the protocol can be checked and a worker can die at a chosen moment.
/// </summary>
public sealed class CheckpointAnalysisHubTests : IDisposable
{
    static readonly Dictionary<string, string> QuickGrace = new() { ["Workers:ReconnectGrace"] = "00:00:00.100" };
    readonly RunningServer server = new(startLocalWorker: false, settings: QuickGrace);

    public void Dispose() => server.Dispose();

    async Task<Guid> RequestAsync(Guid runId, string body)
    {
        var response = await server.Http.PostAsync($"/api/runs/{runId}/analyses", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("analysisId").GetGuid();
    }

    static RunEvent Event(AnalysisAssignment a, long offset, Func<RunEvent, RunEvent> payload) =>
        payload(new RunEvent { RunId = a.RunId, Sequence = a.NextSequence + offset, Kind = RunEventKind.Status });

    static Func<RunEvent, RunEvent> Status(RunStatus status, RunPhase? phase = null, string? error = null) =>
        e => e with { Kind = RunEventKind.Status, Status = new StatusChange(status, phase, error) };

    [Fact]
    public async Task The_worker_gets_the_saved_weights_and_the_runs_events_go_on_under_the_new_label()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var before = (await server.Results.GetAsync(run.Id))!;
        await using var worker = await FakeWorker.ConnectAsync(server);

        var analysisId = await RequestAsync(run.Id, """{ "checkpoint": "end", "analysis": { "lanczosK": 3, "lanczosBottomK": 1 } }""");
        var assignment = await worker.NextAnalysisAsync();

        Assert.Equal((run.Id, analysisId, "end", "end·2"), (assignment.RunId, assignment.AnalysisId, assignment.Checkpoint, assignment.Label));
        Assert.Equal((3, 1), (assignment.Spec.Analysis.LanczosK, assignment.Spec.Analysis.LanczosBottomK));
        Assert.Equal(before.Spec.Data.Classes, assignment.Spec.Data.Classes);
        // The assignment refers to the saved file; the worker fetches it with its token and checks the hash.
        Assert.Equal((run.Id, "end", ArtifactKinds.Weights), (assignment.Weights.RunId, assignment.Weights.Checkpoint, assignment.Weights.Kind));
        using var workerHttp = server.WorkerHttp();
        var file = await workerHttp.GetByteArrayAsync(ArtifactRoutes.Download(assignment.Weights));
        Assert.Equal((assignment.Weights.Length, assignment.Weights.Sha256), (file.LongLength, Convert.ToHexStringLower(SHA256.HashData(file))));
        var weights = await SafeTensorsReader.ReadAsync(new MemoryStream(file));
        Assert.Equal(FabricatedRun.Weights(200).Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape), Convert.ToBase64String(t.Data!))),
            weights.Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape), Convert.ToBase64String(t.Data!))));
        // The server re-opened the run with its own event; the worker's follow it.
        Assert.Equal(before.LastSequence + 2, assignment.NextSequence);
        var reopened = (await server.Results.GetAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, RunPhase.Analysing, FakeWorker.Name), (reopened.Status, reopened.Phase, reopened.Worker));
        Assert.Equal(AnalysisStatus.Running, (await server.AnalysisQueue.GetAnalysisAsync(analysisId))!.Status);

        await worker.ReportAsync(
            Event(assignment, 0, Status(RunStatus.Running, RunPhase.Analysing)),
            Event(assignment, 1, FabricatedRun.Spectrum(assignment.Label, SpectrumMethods.Lanczos, 3.1, 2.1, 1.1)),
            Event(assignment, 2, e => e with { Kind = RunEventKind.Density, Density = FabricatedRun.GaussianDensity(assignment.Label, 1, 0.3) }),
            Event(assignment, 3, Status(RunStatus.Completed)));

        var after = (await server.Results.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Completed, after.Status);
        Assert.Null(after.Error);
        var spectra = await server.Results.GetSpectraAsync(run.Id);
        Assert.Equal(new[] { "init", "end", "end", "end·2" }, spectra.Select(s => s.Checkpoint));
        Assert.Equal(new[] { "end", "end·2" }, (await server.Results.GetDensitiesAsync(run.Id)).Select(d => d.Checkpoint));
        var events = await server.Results.GetEventsAsync(run.Id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        var analysis = (await server.AnalysisQueue.GetAnalysisAsync(analysisId))!;
        Assert.Equal((AnalysisStatus.Completed, FakeWorker.Name), (analysis.Status, analysis.Worker));
        Assert.Equal(WorkerState.Idle, server.Workers.All.Single().State);

        // The export carries the new results too.
        var spectraJson = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/spectra");
        Assert.Contains(spectraJson.EnumerateArray(), s => s.GetProperty("checkpoint").GetString() == "end·2");
    }

    [Fact]
    public async Task Analyses_of_one_run_take_turns_and_the_next_starts_when_the_first_completes()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        await using var first = await FakeWorker.ConnectAsync(server);
        await using var second = await FakeWorker.ConnectAsync(server);

        await RequestAsync(run.Id, """{ "checkpoint": "end" }""");
        var waiting = await RequestAsync(run.Id, """{ "checkpoint": "init" }""");

        // Both requests were scheduled before their POSTs returned: one worker has the run, the other stays idle,
        // because an analysis re-opens its run and the run's events have one sequence.
        Assert.Equal(AnalysisStatus.Queued, (await server.AnalysisQueue.GetAnalysisAsync(waiting))!.Status);
        Assert.Single(server.Workers.All, w => w.State == WorkerState.Idle);
        var busy = server.Workers.All.Single(w => w.State == WorkerState.Busy);
        var worker = busy.ConnectionId == first.ConnectionId ? first : second;
        var assignment = await worker.NextAnalysisAsync();
        Assert.Equal("end·2", assignment.Label);

        // Storing the run's end frees it, and the scheduler starts the waiting analysis before the hub call returns.
        await worker.ReportAsync(Event(assignment, 0, Status(RunStatus.Completed)));
        Assert.Equal(AnalysisStatus.Running, (await server.AnalysisQueue.GetAnalysisAsync(waiting))!.Status);
        var reopened = (await server.Results.GetAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, RunPhase.Analysing), (reopened.Status, reopened.Phase));
    }

    [Fact]
    public async Task A_worker_lost_during_an_analysis_leaves_the_run_completed_with_an_error_naming_it()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var spectraBefore = await server.Results.GetSpectraAsync(run.Id);
        var worker = await FakeWorker.ConnectAsync(server);
        var analysisId = await RequestAsync(run.Id, """{ "checkpoint": "end" }""");
        var assignment = await worker.NextAnalysisAsync();
        await worker.ReportAsync(Event(assignment, 0, Status(RunStatus.Running, RunPhase.Analysing)));

        await worker.DisconnectAsync();
        await worker.DisposeAsync();

        var ended = await server.WaitForEndAsync(run.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Completed, ended.Status);
        Assert.Contains("Lost worker 'fake'", ended.Error);
        Assert.Contains("end·2", ended.Error);
        Assert.Contains("earlier results stand", ended.Error);
        var analysis = (await server.AnalysisQueue.GetAnalysisAsync(analysisId))!;
        Assert.Equal(AnalysisStatus.Failed, analysis.Status);
        Assert.Contains("Lost worker 'fake'", analysis.Error);
        Assert.Equal(spectraBefore.Count, (await server.Results.GetSpectraAsync(run.Id)).Count);

        // The checkpoint can be analysed again, and a success clears the run's error.
        await using var replacement = await FakeWorker.ConnectAsync(server);
        var again = await RequestAsync(run.Id, """{ "checkpoint": "end" }""");
        var retry = await replacement.NextAnalysisAsync();
        Assert.Equal("end·3", retry.Label);
        await replacement.ReportAsync(Event(retry, 0, Status(RunStatus.Completed)));
        var done = (await server.Results.GetAsync(run.Id))!;
        Assert.Equal((RunStatus.Completed, (string?)null), (done.Status, done.Error));
        Assert.Equal(AnalysisStatus.Completed, (await server.AnalysisQueue.GetAnalysisAsync(again))!.Status);
    }

    [Theory]
    [InlineData(RunStatus.Completed, "The new analysis failed (ArgumentException: bad weights)")]
    [InlineData(RunStatus.Failed, "bad weights")]
    [InlineData(RunStatus.Cancelled, "bad weights")]
    public async Task An_analysis_that_fails_on_the_worker_leaves_the_run_completed_with_its_error(RunStatus reported, string error)
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        await using var worker = await FakeWorker.ConnectAsync(server);
        var analysisId = await RequestAsync(run.Id, """{ "checkpoint": "init" }""");
        var assignment = await worker.NextAnalysisAsync();

        await worker.ReportAsync(Event(assignment, 0, Status(reported, error: error)));

        var ended = (await server.Results.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Completed, ended.Status);
        Assert.Contains(error, ended.Error);
        var analysis = (await server.AnalysisQueue.GetAnalysisAsync(analysisId))!;
        Assert.Equal(AnalysisStatus.Failed, analysis.Status);
        Assert.Contains(error, analysis.Error);
    }

    [Fact]
    public async Task A_server_restart_during_an_analysis_leaves_the_run_completed_and_keeps_queued_requests()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-restart-").FullName;
        try
        {
            Guid runId, running, queued;
            using (var before = new RunningServer(startLocalWorker: false, dataDirectory: dataDirectory))
            {
                var run = await FabricatedRun.CreateAsync(before.Store, before.Results);
                runId = run.Id;
                await using var worker = await FakeWorker.ConnectAsync(before);
                running = (await before.Services.GetRequiredService<RunAnalyses>().RequestAsync(runId, "end", null)).Analysis!.Id;
                await worker.NextAnalysisAsync();
                queued = (await before.Services.GetRequiredService<RunAnalyses>().RequestAsync(runId, "init", null)).Analysis!.Id;
            }
            // The analysing worker gets the reconnect grace to claim the run; it does not come back.
            using var after = new RunningServer(startLocalWorker: false, dataDirectory: dataDirectory,
                settings: new Dictionary<string, string> { ["Workers:ReconnectGrace"] = "00:00:01" });
            var ended = await after.WaitForRunAsync(runId, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60));
            Assert.Equal(RunStatus.Completed, ended.Status);
            Assert.Contains("server restarted", ended.Error);
            Assert.Equal(AnalysisStatus.Failed, (await after.AnalysisQueue.GetAnalysisAsync(running))!.Status);
            Assert.Equal(AnalysisStatus.Queued, (await after.AnalysisQueue.GetAnalysisAsync(queued))!.Status);

            await using var worker2 = await FakeWorker.ConnectAsync(after);
            Assert.Equal("init·2", (await worker2.NextAnalysisAsync()).Label);
        }
        finally { Directory.Delete(dataDirectory, recursive: true); }
    }
}
