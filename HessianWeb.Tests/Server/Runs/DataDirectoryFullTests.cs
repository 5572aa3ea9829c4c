using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Xunit.Abstractions;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>
/// A data directory that is full, made real without root: the file a run's artifact is written through is a symbolic
/// link to /dev/full, where the kernel answers every write with ENOSPC, as a full disk does.
/// </summary>
public sealed class DataDirectoryFullTests(ITestOutputHelper output) : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    /// <summary>Makes the data artifact of <paramref name="runId"/> at init land on /dev/full.</summary>
    void FillUpFor(Guid runId)
    {
        var file = server.Artifacts.FullPath($"runs/{runId}/{Checkpoints.Init}-{ArtifactKinds.Data}.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // ArtifactFiles writes under "<name>.partial", then moves the file into place.
        File.CreateSymbolicLink(file + ".partial", "/dev/full");
    }

    [Fact]
    public async Task A_result_that_cannot_be_written_fails_its_run_in_words_and_the_other_run_of_the_batch_is_stored()
    {
        var full = await server.Store.CreateAsync(new ExperimentSpec { Name = "full" });
        var other = await server.Store.CreateAsync(new ExperimentSpec { Name = "other" });
        FillUpFor(full.Id);
        var running = new StatusChange(RunStatus.Running, RunPhase.Training);
        var data = new ArtifactResult(Checkpoints.Init, ArtifactKinds.Data, [FabricatedRun.Float64("x", [100, 2], 1)]);

        // One batch (one transaction) with both runs' events: the full disk is the first run's problem only.
        var stored = await server.Store.AppendAsync(
        [
            new RunEvent { RunId = full.Id, Sequence = 2, Kind = RunEventKind.Status, Status = running },
            new RunEvent { RunId = full.Id, Sequence = 3, Kind = RunEventKind.Artifact, Artifact = data },
            new RunEvent { RunId = full.Id, Sequence = 4, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(1, 1, 0.5, null, null, 0.1) },
            new RunEvent { RunId = other.Id, Sequence = 2, Kind = RunEventKind.Status, Status = running },
            new RunEvent { RunId = other.Id, Sequence = 3, Kind = RunEventKind.Artifact, Artifact = data },
        ]);

        var failed = (await server.Results.GetAsync(full.Id))!;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith($"The data directory {server.DataDirectory} is full: ", failed.Error);
        Assert.Contains("No space left on device", failed.Error);
        var events = await server.Results.GetEventsAsync(full.Id);
        Assert.Equal([1L, 2, 3], events.Select(e => e.Sequence));
        Assert.Equal(RunStatus.Failed, events[^1].Status!.Status);
        Assert.Contains(stored, e => e.RunId == full.Id && e.Status?.Status == RunStatus.Failed);

        var kept = (await server.Results.GetAsync(other.Id))!;
        Assert.Equal(RunStatus.Running, kept.Status);
        Assert.Equal(3, kept.LastSequence);
        var artifact = Assert.Single(await server.Results.GetArtifactsAsync(other.Id));
        Assert.Equal(100 * 2 * 8, (await server.Artifacts.ReadTensorsAsync(artifact))[0].Data!.Length);
    }

    [Fact]
    public async Task A_run_on_a_real_worker_fails_with_the_reason_the_server_stays_up_and_the_next_run_completes()
    {
        var doomed = await server.PostRunAsync(new ExperimentSpec { Name = "doomed" });
        // The worker uploads its first artifact (the data, event 3) into this file before the server moves it into place.
        var upload = server.Artifacts.UploadPath(doomed, 3);
        Directory.CreateDirectory(Path.GetDirectoryName(upload)!);
        File.CreateSymbolicLink(upload, "/dev/full");
        var next = await server.PostRunAsync(new ExperimentSpec { Name = "next", Training = new TrainingSpec { Epochs = 50 } });
        using var worker = new WorkerProcess(server.BaseAddress, server.Tokens.LocalToken, "disk-test");

        var failed = await server.WaitForEndAsync(doomed);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith("Uploading the data set of checkpoint 'init' (", failed.Error);
        Assert.True(failed.Error!.Contains($"failed: The data directory {server.DataDirectory} is full: "), failed.Error);
        Assert.Contains("No space left on device", failed.Error);
        var events = await server.Results.GetEventsAsync(doomed);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(failed.Error, events[^1].Status!.Error);

        // The worker was told to stop the doomed run and takes the next one, which completes.
        var started = await server.WaitForRunAsync(next, r => r.StartedAt is not null);
        Assert.Equal(RunStatus.Completed, (await server.WaitForEndAsync(next)).Status);
        output.WriteLine($"[data directory full] the run failed at event {events.Count} (its first artifact); the worker started the next run " +
            $"{(started.StartedAt!.Value - failed.EndedAt!.Value).TotalSeconds:0.0} s after the failure was stored");
        (await server.Http.GetAsync($"/api/runs/{doomed}")).EnsureSuccessStatusCode();
    }
}
