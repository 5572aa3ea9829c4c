using HessianWeb.Server.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Tests.Server.Workers.Scaling;

/// <summary>
/// When an instance goes, the runs its workers had are settled by the instances still there, once, after the reconnect
/// grace; a worker that registers with another instance meanwhile keeps its run there.
/// </summary>
public sealed class SettlingAcrossInstancesTests
{
    static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    static RunEvent Running(Guid runId, long sequence) =>
        new() { RunId = runId, Sequence = sequence, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training) };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_runs_of_an_instance_that_stops_beating_are_failed_or_requeued_once_by_the_others_after_the_grace(bool crashes)
    {
        await using var shared = await SharedStore.CreateAsync();
        var a = await shared.StartAsync("a");
        await a.RegisterAsync("w0");
        await a.RegisterAsync("w1");
        var running = await a.Store.CreateAsync(new ExperimentSpec { Name = "running" });
        var assigned = await a.Store.CreateAsync(new ExperimentSpec { Name = "assigned" });
        await a.Scheduler.PumpAsync();
        await a.Store.AppendAsync([Running(running.Id, 2)]);
        var b = await shared.StartAsync("b");
        var c = await shared.StartAsync("c");

        // A crash says nothing: the instance is gone once the timeout has passed since its last beat. A graceful stop says so.
        if (!crashes) await a.StopAsync();
        var gone = crashes ? SharedStore.InstanceTimeout : TimeSpan.Zero;
        shared.Clock.Advance(gone + SharedStore.Grace - Second);
        Assert.Equal(0, (await Task.WhenAll(b.Interrupted.SettleAsync(), c.Interrupted.SettleAsync())).Sum());
        Assert.Equal(RunStatus.Running, (await b.Results.GetAsync(running.Id))!.Status);
        Assert.Equal("w1", (await b.Results.GetAsync(assigned.Id))!.Worker);

        shared.Clock.Advance(2 * Second);
        Assert.Equal(2, (await Task.WhenAll(b.Interrupted.SettleAsync(), c.Interrupted.SettleAsync())).Sum());
        Assert.Equal(0, (await Task.WhenAll(b.Interrupted.SettleAsync(), c.Interrupted.SettleAsync())).Sum());

        var failed = (await b.Results.GetAsync(running.Id))!;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith("The server restarted while worker 'w0' had this run, and the worker did not come back to claim it within 30 s " +
            "after server instance 'a' stopped; its work since the last stored event (#2) is lost.", failed.Error);
        Assert.Single(await b.Results.GetEventsAsync(running.Id), e => e.Status?.Status == RunStatus.Failed);
        var requeued = (await b.Queue.HeldAsync(assigned.Id))!;
        Assert.Equal((RunStatus.Queued, null, null), (requeued.Status, requeued.Worker, requeued.HeldBy));
    }

    [Fact]
    public async Task Runs_on_workers_from_before_instances_are_settled_once_after_the_grace()
    {
        await using var shared = await SharedStore.CreateAsync();
        var before = await shared.StartAsync("before");
        var running = await before.Store.CreateAsync(new ExperimentSpec { Name = "running" });
        var assigned = await before.Store.CreateAsync(new ExperimentSpec { Name = "assigned" });
        await before.Store.AppendAsync([Running(running.Id, 2)]);
        // As the server before instances left them: a worker's name, and no instance holding them.
        await using (var db = shared.Provider.CreateContext())
            await db.Runs.ExecuteUpdateAsync(s => s.SetProperty(r => r.WorkerName, "old"));
        var b = await shared.StartAsync("b");
        var c = await shared.StartAsync("c");

        shared.Clock.Advance(SharedStore.Grace - Second);
        Assert.Equal(0, (await Task.WhenAll(b.Interrupted.SettleAsync(), c.Interrupted.SettleAsync())).Sum());
        shared.Clock.Advance(2 * Second);
        Assert.Equal(2, (await Task.WhenAll(b.Interrupted.SettleAsync(), c.Interrupted.SettleAsync())).Sum());

        var failed = (await b.Results.GetAsync(running.Id))!;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith("The server restarted while worker 'old' had this run, and the worker did not come back to claim it within 30 s;", failed.Error);
        Assert.Single(await b.Results.GetEventsAsync(running.Id), e => e.Status?.Status == RunStatus.Failed);
        Assert.Null((await b.Results.GetAsync(assigned.Id))!.Worker);
    }

    [Fact]
    public async Task A_worker_that_registers_with_another_instance_keeps_its_run_there_and_the_old_instance_neither_fails_it_nor_loses_its_cancel()
    {
        await using var shared = await SharedStore.CreateAsync();
        var a = await shared.StartAsync("a");
        var b = await shared.StartAsync("b");
        var workerId = Guid.NewGuid();
        var onA = await a.RegisterAsync("w", workerId);
        var run = await a.Store.CreateAsync(new ExperimentSpec());
        await a.Scheduler.PumpAsync();
        await a.Store.AppendAsync([Running(run.Id, 2)]);

        // Its connection to a closes; it fails over to b with its run in hand.
        var lost = a.Registry.Remove(onA.ConnectionId)!;
        var onB = await b.RegisterAsync("w", workerId, claimedRun: run.Id);
        Assert.Equal(run.Id, onB.CurrentRunId);
        Assert.Equal(b.Me.Id, (await b.Queue.HeldAsync(run.Id))!.HeldBy);

        // a's reconnect grace ends: the run is not a's to fail any more.
        await a.Scheduler.WorkerLostAsync(lost, "its connection closed and it did not come back within 30 s.");
        Assert.Equal(RunStatus.Running, (await a.Results.GetAsync(run.Id))!.Status);

        // A cancel asked of a reaches the worker on b, through the run's group.
        Assert.True(await a.Scheduler.CancelAsync(run.Id));
        Assert.Contains(shared.Hub.Sent, s => s.ConnectionId == onB.ConnectionId && s.Message is RunCancellation c && c.RunId == run.Id);

        // a goes; b, which holds the run, leaves it alone.
        await a.StopAsync();
        shared.Clock.Advance(SharedStore.Grace + Second);
        Assert.Equal(0, await b.Interrupted.SettleAsync());
        Assert.Equal(RunStatus.Running, (await b.Results.GetAsync(run.Id))!.Status);
    }
}
