using System.Net;
using System.Net.Sockets;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>
/// A real worker process given two servers (<c>--server a,b</c>): it connects to the first it reaches, and when it loses
/// its server it registers on the other with the run in hand. The two servers are two in-process instances on one SQLite
/// data directory, so both know the run.
/// </summary>
public sealed class WorkerFailoverTests
{
    const string Token = "failover-test-token";

    static Dictionary<string, string> Settings => new()
    {
        ["Workers:Tokens:0"] = Token,
        ["Workers:ReconnectGrace"] = "00:01:00",
    };

    [Fact]
    public async Task A_worker_whose_first_server_is_down_connects_to_the_second()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePort()}");
        using var server = new RunningServer(startLocalWorker: false, settings: Settings);
        using var worker = new WorkerProcess([nowhere, server.BaseAddress], Token, "failover-1");

        await server.WaitForWorkerAsync(w => w.Name == "failover-1");

        Assert.Contains(worker.Lines, l => l.StartsWith($"Cannot reach the server at {nowhere} (") && l.EndsWith($"; trying {server.BaseAddress}."));
        await worker.WaitForLineAsync(l => l.Contains($"connected to {server.BaseAddress}"), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_worker_whose_server_goes_away_mid_run_registers_on_the_other_with_its_run_which_goes_on()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-failover-").FullName;
        try
        {
            using var second = new RunningServer(startLocalWorker: false, dataDirectory, Settings);
            var first = new RunningServer(startLocalWorker: false, dataDirectory, Settings);
            using var worker = new WorkerProcess([first.BaseAddress, second.BaseAddress], Token, "failover-2");
            Guid id;
            ConnectedWorker before;
            using (first)
            {
                before = await first.WaitForWorkerAsync();
                id = await first.PostRunAsync(EndlessRun.Spec);
                await first.WaitForRunAsync(id, r => r.Status == RunStatus.Running && r.Phase == RunPhase.Training && r.LatestMetrics is not null);
            }

            var stored = (await second.Results.GetAsync(id))!;
            var back = await second.WaitForWorkerAsync(w => w.CurrentRunId == id, TimeSpan.FromSeconds(60));
            Assert.Equal(before.WorkerId, back.WorkerId);
            await worker.WaitForLineAsync(l => l.StartsWith($"Reconnected to {second.BaseAddress} after "), TimeSpan.FromSeconds(30));

            // Training goes on where it was, its events now stored by the second server, each once.
            var resumed = await second.WaitForRunAsync(id, r => r.LastSequence > stored.LastSequence + 20);
            Assert.Equal(RunStatus.Running, resumed.Status);
            Assert.Equal(HttpStatusCode.Accepted, (await second.Http.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
            Assert.Equal(RunStatus.Cancelled, (await second.WaitForEndAsync(id)).Status);
            var events = await second.Results.GetEventsAsync(id);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
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
