using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>Workers are told apart by the id each process makes at start: two containers' workers are both pid 1.</summary>
public sealed class WorkerIdentityTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false,
        settings: new Dictionary<string, string> { ["Workers:ReconnectGrace"] = "00:00:01" });

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Two_workers_with_the_same_pid_are_listed_apart_and_a_lost_one_is_named_by_its_id()
    {
        var firstId = Guid.NewGuid();
        var secondId = Guid.NewGuid();
        await using var first = await FakeWorker.ConnectAsync(server, firstId);
        await using var second = await FakeWorker.ConnectAsync(server, secondId);

        var listed = await server.Http.GetFromJsonAsync<JsonElement>("/api/workers");
        Assert.Equal([firstId, secondId], listed.EnumerateArray().Select(w => w.GetProperty("id").GetGuid()));
        Assert.All(listed.EnumerateArray(), w => Assert.Equal(FakeWorker.ProcessId, w.GetProperty("processId").GetInt32()));

        var id = await server.PostRunAsync(new ExperimentSpec());
        Assert.Equal(id, (await first.NextRunAsync()).RunId); // the longest-connected idle worker
        await first.DisconnectAsync();

        var failed = await server.WaitForEndAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith($"Lost worker 'fake' (id {firstId.ToString()[..8]}, pid {FakeWorker.ProcessId}, cpu (test)): its connection closed", failed.Error);
        Assert.Equal(secondId, Assert.Single(server.Workers.All).WorkerId);
    }

    [Fact]
    public async Task A_worker_that_registers_again_on_a_new_connection_replaces_its_old_entry_and_keeps_its_run()
    {
        var workerId = Guid.NewGuid();
        await using var before = await FakeWorker.ConnectAsync(server, workerId);
        var id = await server.PostRunAsync(new ExperimentSpec());
        await before.NextRunAsync();

        // The same worker on a second connection (the server has not seen the first one close, as after a silent cut).
        await using var again = await FakeWorker.ConnectAsync(server, workerId, claimedRun: id);

        var worker = Assert.Single(server.Workers.All);
        Assert.Equal(again.ConnectionId, worker.ConnectionId);
        Assert.Equal(id, worker.CurrentRunId);
        Assert.Equal(RunStatus.Queued, (await server.Results.GetAsync(id))!.Status); // given, not started: still its
    }
}
