using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Workers.Scaling;

/// <summary>Two server instances over one store: each run and each analysis goes to one worker, whichever instance pumps.</summary>
public sealed class ClaimsAcrossInstancesTests
{
    [Fact]
    public async Task Twenty_runs_submitted_while_both_instances_have_idle_workers_are_each_given_to_one_worker()
    {
        await using var shared = await SharedStore.CreateAsync();
        var a = await shared.StartAsync("a");
        var b = await shared.StartAsync("b");
        for (var i = 0; i < 12; i++)
        {
            await a.RegisterAsync($"w{i}");
            await b.RegisterAsync($"w{i}");
        }

        // Submitted on either instance, each followed by both pumping at once (as both hear of it over the relay).
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var run = await (i % 2 == 0 ? a : b).Store.CreateAsync(new ExperimentSpec { Name = $"run {i}" });
            await Task.WhenAll(a.Scheduler.PumpAsync(), b.Scheduler.PumpAsync());
            return run.Id;
        }));
        await Task.WhenAll(a.Instances.BeatAsync(), b.Instances.BeatAsync());

        var assignments = shared.Hub.Sent.Where(s => s.Message is RunAssignment)
            .Select(s => (s.ConnectionId, ((RunAssignment)s.Message).RunId)).ToList();
        Assert.Equal(created.Order(), assignments.Select(x => x.RunId).Order());
        foreach (var (connection, runId) in assignments)
        {
            var holder = connection.StartsWith("a/") ? a : b;
            Assert.Equal(holder.Me.Id, (await a.Queue.HeldAsync(runId))!.HeldBy);
            Assert.Equal(connection, holder.Registry.FindByRun(runId)?.ConnectionId);
        }
        Assert.Equal(20, a.Registry.All.Concat(b.Registry.All).Count(w => w.CurrentRunId is not null));
    }

    [Fact]
    public async Task A_queued_analysis_is_started_by_one_instance_when_both_pump_at_once()
    {
        await using var shared = await SharedStore.CreateAsync();
        var a = await shared.StartAsync("a");
        var b = await shared.StartAsync("b");
        var run = await FabricatedRun.CreateAsync(a.Store, a.Results);
        await a.Analyses.QueueAnalysisAsync(run.Id, Checkpoints.End, new AnalysisSpec { LanczosK = 2, LanczosBottomK = 0 });

        foreach (var instance in new[] { a, b })
            for (var i = 0; i < 2; i++) await instance.RegisterAsync($"w{i}");
        await Task.WhenAll(a.Scheduler.PumpAsync(), b.Scheduler.PumpAsync());

        var started = Assert.Single(shared.Hub.Sent, s => s.Message is AnalysisAssignment);
        var holder = started.ConnectionId.StartsWith("a/") ? a : b;
        var reopened = (await a.Queue.HeldAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, holder.Me.Id), (reopened.Status, reopened.HeldBy));
        Assert.Single(await a.Results.GetEventsAsync(run.Id), e => e.Status is { Status: RunStatus.Running, Phase: RunPhase.Analysing });
    }

    [Fact]
    public async Task The_submit_check_sees_the_workers_of_every_live_instance()
    {
        await using var shared = await SharedStore.CreateAsync();
        var a = await shared.StartAsync("a");
        var b = await shared.StartAsync("b");
        await a.RegisterAsync("here");
        await b.RegisterAsync("there-1");
        await b.RegisterAsync("there-2");
        await b.Instances.BeatAsync();

        Assert.Equal(["here", "there-1", "there-2"], (await a.Capacities.AllAsync()).Select(w => w.Name).Order());

        await b.StopAsync();
        Assert.Equal(["here"], (await a.Capacities.AllAsync()).Select(w => w.Name));
    }
}
