using HessianWeb.Server.Uploads;
using HessianWeb.Shared;
using System.Net;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>The whole path: real server, SQLite file, real worker process over SignalR.</summary>
public sealed class ComputeHubTests(ITestOutputHelper output) : IDisposable
{
    readonly RunningServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_quickstart_completes_on_the_worker_with_ordered_events_and_agreeing_spectra()
    {
        var worker = await server.WaitForWorkerAsync();
        Assert.Equal("local", worker.Name);
        Assert.Equal(server.Supervisor.Current!.Id, worker.ProcessId);
        Assert.Equal(server.Supervisor.CurrentWorkerId, worker.WorkerId);
        // Its uploads are the server's own files, named by their hash as its cache names them: nothing is downloaded or
        // copied outside the data directory.
        var arguments = File.ReadAllText($"/proc/{worker.ProcessId}/cmdline").Split('\0');
        Assert.Equal(server.Services.GetRequiredService<UploadStore>().Directory, arguments[Array.IndexOf(arguments, "--upload-cache") + 1]);

        var id = await server.PostRunAsync(new ExperimentSpec());
        var run = await server.WaitForEndAsync(id);
        Assert.True(run.Status == RunStatus.Completed, run.Error);
        Assert.Equal(109, run.ParameterCount);
        Assert.NotNull(run.LatestMetrics);
        Assert.NotNull(run.TopEigenvalue);

        var events = await server.Results.GetEventsAsync(id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(RunStatus.Queued, events[0].Status!.Status);
        Assert.Equal(RunStatus.Completed, events[^1].Status!.Status);
        Assert.Contains(events, e => e.Kind == RunEventKind.Epoch);
        Assert.Contains(events, e => e.Kind == RunEventKind.Lanczos && e.Lanczos!.Checkpoint == Checkpoints.Init);

        var spectra = await server.Results.GetSpectraAsync(id);
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            var exact = spectra.Single(s => s.Checkpoint == checkpoint && s.Method == SpectrumMethods.Exact);
            var lanczos = spectra.Single(s => s.Checkpoint == checkpoint && s.Method == SpectrumMethods.Lanczos);
            Assert.Equal(109, exact.Eigenvalues.Length);
            Assert.True(lanczos.HvpCount > 0);
            Assert.Equal(lanczos.Eigenvalues.Length, lanczos.ResidualBounds!.Length);
            for (var i = 0; i < 5; i++)
                Assert.True(Math.Abs(lanczos.Eigenvalues[i] - exact.Eigenvalues[i]) <= 1e-8 * Math.Abs(exact.Eigenvalues[i]),
                    $"{checkpoint} λ{i + 1}: Lanczos {lanczos.Eigenvalues[i]:R} vs exact {exact.Eigenvalues[i]:R}");
        }

        // A replay of every event (as after a reconnect) stores nothing new.
        await using var replay = await ConnectAsync(server.Tokens.LocalToken);
        await replay.InvokeAsync(nameof(IComputeHub.ReportEvents), new RunEventBatch(events));
        await replay.InvokeAsync(nameof(IComputeHub.ReportEvents), new RunEventBatch(events.Skip(3).Take(5).ToList()));
        var after = await server.Results.GetEventsAsync(id);
        Assert.Equal(events.Select(e => e.Sequence), after.Select(e => e.Sequence));
        Assert.Equal(RunStatus.Completed, (await server.Results.GetAsync(id))!.Status);
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData("")]
    public async Task A_worker_without_a_valid_token_is_refused(string token)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_worker_killed_mid_run_fails_that_run_and_is_replaced_and_the_queue_goes_on()
    {
        var first = await server.WaitForWorkerAsync();
        var endless = EndlessRun.Spec;
        var doomed = await server.PostRunAsync(endless);
        var next = await server.PostRunAsync(new ExperimentSpec { Name = "next" });
        await server.WaitForRunAsync(doomed, r => r.Status == RunStatus.Running && r.Phase == RunPhase.Training && r.LatestMetrics is not null);

        var stored = (await server.Results.GetAsync(doomed))!;
        var killed = System.Diagnostics.Stopwatch.StartNew();
        server.Supervisor.Current!.Kill(); // SIGKILL: no goodbye from the worker

        var failed = await server.WaitForEndAsync(doomed);
        var failedAfter = killed.Elapsed;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains($"Lost worker 'local' (id {first.WorkerId.ToString()[..8]}, pid {first.ProcessId}, ", failed.Error);

        var replacement = await server.WaitForWorkerAsync(w => w.WorkerId != first.WorkerId);
        Assert.NotEqual(first.ProcessId, replacement.ProcessId);
        output.WriteLine($"[worker kill -9] run failed {failedAfter.TotalSeconds:0.0} s after the kill, replacement registered after " +
            $"{killed.Elapsed.TotalSeconds:0.0} s; {stored.LatestMetrics?.Epoch} epochs were stored when it was killed");
        var completed = await server.WaitForEndAsync(next);
        Assert.Equal(RunStatus.Completed, completed.Status);
    }

    [Fact]
    public async Task A_running_run_cancelled_ends_as_cancelled_and_the_worker_takes_the_next()
    {
        await server.WaitForWorkerAsync();
        var endless = EndlessRun.Spec;
        var running = await server.PostRunAsync(endless);
        var next = await server.PostRunAsync(new ExperimentSpec { Name = "next", Training = new TrainingSpec { Epochs = 50 } });
        await server.WaitForRunAsync(running, r => r.Status == RunStatus.Running && r.Phase == RunPhase.Training);

        var response = await server.Http.PostAsync($"/api/runs/{running}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        Assert.Equal(RunStatus.Cancelled, (await server.WaitForEndAsync(running, TimeSpan.FromSeconds(30))).Status);
        Assert.Equal(RunStatus.Completed, (await server.WaitForEndAsync(next)).Status);
    }

    async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, ComputeHubRoute.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => JsonFormat.Configure(o.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
