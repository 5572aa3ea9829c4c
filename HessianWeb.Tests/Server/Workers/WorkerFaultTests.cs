using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Xunit.Abstractions;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>
/// Faults between a remote worker and the server, with the real server, a real worker process started as an operator
/// starts one (token, server address) and real SignalR: the server restarting mid-run, the network cut for 30 s, and
/// a server that never answers. Each test prints what the fault cost, from the worker's own log.
/// </summary>
public sealed class WorkerFaultTests(ITestOutputHelper output)
{
    const string Token = "fault-test-token";

    static ExperimentSpec Endless => EndlessRun.Spec;

    static Dictionary<string, string> Settings(TimeSpan grace) => new()
    {
        ["Workers:Tokens:0"] = Token,
        ["Workers:ReconnectGrace"] = grace.ToString("c"),
    };

    [Fact]
    public async Task After_a_server_restart_mid_run_the_remote_worker_reconnects_claims_its_run_and_every_event_is_stored_once()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-restart-").FullName;
        var port = FreePort();
        try
        {
            Guid id;
            ConnectedWorker before;
            var first = new RunningServer(startLocalWorker: false, dataDirectory, Settings(TimeSpan.FromSeconds(60)), port);
            using var worker = new WorkerProcess(first.BaseAddress, Token, "remote-1"); // outlives the first server
            using (first)
            {
                before = await first.WaitForWorkerAsync();
                id = await first.PostRunAsync(Endless);
                await first.WaitForRunAsync(id, r => r.Status == RunStatus.Running && r.Phase == RunPhase.Training && r.LatestMetrics is not null);
            }
            var down = Stopwatch.StartNew();

            using var second = new RunningServer(startLocalWorker: false, dataDirectory, Settings(TimeSpan.FromSeconds(60)), port);
            var up = down.Elapsed;
            var stored = (await second.Results.GetAsync(id))!;
            Assert.Equal(RunStatus.Running, stored.Status); // not failed at start: its worker may come back for it
            var back = await second.WaitForWorkerAsync(w => w.CurrentRunId == id, TimeSpan.FromSeconds(90));
            var claimedAfter = down.Elapsed - up;
            Assert.Equal(before.WorkerId, back.WorkerId);
            Assert.Equal(before.ProcessId, back.ProcessId);

            // The run goes on where it was: new epochs are stored after the ones the first server kept.
            var resumed = await second.WaitForRunAsync(id, r => r.LastSequence > stored.LastSequence + 20);
            Assert.Equal(RunStatus.Running, resumed.Status);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await second.Http.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
            Assert.Equal(RunStatus.Cancelled, (await second.WaitForEndAsync(id)).Status);

            var events = await second.Results.GetEventsAsync(id);
            AssertComplete(events);
            Report("server restart", worker, $"server down→up {up.TotalSeconds:0.0} s; worker claimed its run {claimedAfter.TotalSeconds:0.0} s after the new server started; " +
                $"{stored.LastSequence} events stored before the restart, {events.Count} in all");
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_run_whose_worker_does_not_come_back_after_a_server_restart_fails_after_the_grace_saying_so()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-restart-").FullName;
        try
        {
            Guid id;
            using (var first = new RunningServer(startLocalWorker: true, dataDirectory))
            {
                await first.WaitForWorkerAsync();
                id = await first.PostRunAsync(Endless);
                await first.WaitForRunAsync(id, r => r.Status == RunStatus.Running && r.LatestMetrics is not null);
            } // the local worker stops with its server

            using var second = new RunningServer(startLocalWorker: false, dataDirectory, Settings(TimeSpan.FromSeconds(2)));
            var failed = await second.WaitForEndAsync(id, TimeSpan.FromSeconds(60));
            Assert.Equal(RunStatus.Failed, failed.Status);
            Assert.StartsWith("The server restarted while worker 'local' had this run, and the worker did not come back to claim it within 2 s", failed.Error);
            AssertComplete(await second.Results.GetEventsAsync(id));
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Events_made_while_the_network_is_cut_for_30_s_are_kept_by_the_worker_and_stored_once_when_it_is_back()
    {
        var cut = TimeSpan.FromSeconds(30);
        using var server = new RunningServer(startLocalWorker: false, settings: Settings(cut + TimeSpan.FromSeconds(60)));
        using var proxy = new TcpCutProxy(server.BaseAddress);
        using var worker = new WorkerProcess(proxy.Address, Token, "behind-proxy");
        var before = await server.WaitForWorkerAsync();
        var id = await server.PostRunAsync(Endless);
        await server.WaitForRunAsync(id, r => r.Status == RunStatus.Running && r.Phase == RunPhase.Training && r.LatestMetrics is not null);

        var gone = WorkerGoneAsync(server);
        proxy.Sever();
        await gone; // the server saw the connection close
        await worker.WaitForLineAsync(l => l.StartsWith("Lost the server"), TimeSpan.FromSeconds(30));
        var atCut = (await server.Results.GetAsync(id))!;
        await Task.Delay(cut); // the fault itself: the link stays down this long
        Assert.Equal(atCut.LastSequence, (await server.Results.GetAsync(id))!.LastSequence);
        Assert.Equal(RunStatus.Running, (await server.Results.GetAsync(id))!.Status);

        var restored = Stopwatch.StartNew();
        proxy.Restore();
        var back = await server.WaitForWorkerAsync(w => w.CurrentRunId == id, TimeSpan.FromSeconds(60));
        var reconnectedAfter = restored.Elapsed;
        Assert.Equal(before.WorkerId, back.WorkerId);
        await server.WaitForRunAsync(id, r => r.LastSequence > atCut.LastSequence + 20);
        Assert.Equal(HttpStatusCode.Accepted, (await server.Http.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
        Assert.Equal(RunStatus.Cancelled, (await server.WaitForEndAsync(id)).Status);

        var events = await server.Results.GetEventsAsync(id);
        AssertComplete(events);
        Report("network cut", worker, $"cut {cut.TotalSeconds:0} s; worker registered again {reconnectedAfter.TotalSeconds:0.0} s after the link came back; " +
            $"{atCut.LastSequence} events stored at the cut, {events.Count} in all");
    }

    [Fact]
    public async Task A_worker_that_cannot_reach_the_server_for_the_set_time_exits_saying_why()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePort()}");
        using var worker = new WorkerProcess(nowhere, Token, "lonely", "--give-up-after", "3");

        Assert.Equal(4, await worker.WaitForExitAsync(TimeSpan.FromSeconds(120)));
        Assert.Contains(worker.Lines, l => l.StartsWith($"Gave up: the server at {nowhere} could not be reached for ") && l.Contains("(the limit is 3 s; last error: "));
        Assert.Contains(worker.Lines, l => l.StartsWith($"Cannot reach the server at {nowhere} (") && l.Contains("trying again in"));
    }

    /// <summary>
    /// Events 1…N, each once, in order; and every epoch of training reported once, none missing: each epoch event stands
    /// for the epochs from its bucket's first (or itself) to its own, and those ranges follow one another without a gap.
    /// </summary>
    static void AssertComplete(IReadOnlyList<RunEvent> events)
    {
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        var epochs = events.Where(e => e.Kind == RunEventKind.Epoch).Select(e => e.Epoch!).ToList();
        Assert.NotEmpty(epochs);
        for (var i = 1; i < epochs.Count; i++)
            Assert.True((epochs[i].Bucket?.FirstEpoch ?? epochs[i].Epoch) == epochs[i - 1].Epoch + 1,
                $"epoch event {i} covers {epochs[i].Bucket?.FirstEpoch ?? epochs[i].Epoch}…{epochs[i].Epoch} after one ending at {epochs[i - 1].Epoch}");
    }

    static Task WorkerGoneAsync(RunningServer server)
    {
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check() { if (server.Workers.All.Count == 0) gone.TrySetResult(); }
        server.Workers.Changed += Check;
        return gone.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => { server.Workers.Changed -= Check; t.GetAwaiter().GetResult(); });
    }

    void Report(string fault, WorkerProcess worker, string measured)
    {
        output.WriteLine($"[{fault}] {measured}");
        foreach (var line in worker.Lines.Where(l => l.Contains("re-sent") || l.StartsWith("Reconnected") || l.StartsWith("Lost the server") || l.StartsWith("The outbox is full")))
            output.WriteLine($"[{fault}] worker: {line}");
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
