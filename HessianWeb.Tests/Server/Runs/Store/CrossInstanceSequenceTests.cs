using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Migrations;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Runs.Store;

/// <summary>
/// Two server instances (two service providers, each with its RunStore and its own write lock) on one PostgreSQL store,
/// writing the same run at once: the run's events stay numbered 1, 2, 3, ... with nothing lost and nothing twice.
/// </summary>
public sealed class CrossInstanceSequenceTests : IAsyncLifetime
{
    TestStore store = null!;
    ServiceProvider first = null!, second = null!;
    readonly string artifacts = Directory.CreateTempSubdirectory("hessianweb-instances-").FullName;

    public async Task InitializeAsync()
    {
        store = await TestStore.CreateAsync("unused.db", postgreSql: true);
        first = Instance();
        second = Instance();
        await using var db = store.Provider.CreateContext();
        await RunStoreSchema.MigrateAsync(db);
    }

    ServiceProvider Instance() => store.Provider.AddTo(new ServiceCollection().AddLogging())
        .AddSingleton<RunNotifier>().AddRunStore(artifacts).BuildServiceProvider();

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        await store.DisposeAsync();
        Directory.Delete(artifacts, recursive: true);
    }

    [Fact]
    public async Task Status_events_both_instances_number_themselves_are_all_kept_without_gaps()
    {
        var run = await first.GetRequiredService<RunStore>().CreateAsync(new ExperimentSpec { Name = "shared" });
        const int each = 25;
        async Task<List<long>> WriteAsync(ServiceProvider instance, RunPhase phase)
        {
            var runStore = instance.GetRequiredService<RunStore>();
            var numbers = new List<long>();
            for (var i = 0; i < each; i++)
                numbers.Add(await runStore.WriteAsync(async db =>
                {
                    var record = await db.Runs.FindAsync(run.Id);
                    return (await runStore.AppendStatusAsync(db, record!, new StatusChange(RunStatus.Running, phase), default)).Sequence;
                }, default));
            return numbers;
        }

        var written = await Task.WhenAll(Task.Run(() => WriteAsync(first, RunPhase.Training)), Task.Run(() => WriteAsync(second, RunPhase.Analysing)));

        var results = second.GetRequiredService<RunResults>();
        var stored = await results.GetEventsAsync(run.Id);
        Assert.Equal(Enumerable.Range(1, 1 + 2 * each).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(2, 2 * each).Select(i => (long)i), written.SelectMany(w => w).Order());
        Assert.Equal(each, stored.Count(e => e.Status?.Phase == RunPhase.Training));
        Assert.Equal(each, stored.Count(e => e.Status?.Phase == RunPhase.Analysing));
        Assert.Equal(1 + 2 * each, (await results.GetAsync(run.Id))!.LastSequence);
    }

    [Fact]
    public async Task A_run_ended_on_one_instance_while_its_worker_reports_to_the_other_keeps_every_event_it_acknowledged()
    {
        var workerSide = first.GetRequiredService<RunStore>();
        var run = await workerSide.CreateAsync(new ExperimentSpec { Name = "ended elsewhere" });
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The worker's instance stores its epochs one by one; a little way in, the other instance cancels the run.
        var acknowledged = new List<long>();
        var worker = Task.Run(async () =>
        {
            for (long sequence = 2; sequence < 200; sequence++)
            {
                if (sequence == 20) _ = Task.Run(async () => ended.SetResult(await second.GetRequiredService<RunStore>().EndAsync(run.Id, RunStatus.Cancelled, "cancelled elsewhere")));
                var stored = await workerSide.AppendAsync([new RunEvent
                {
                    RunId = run.Id, Sequence = sequence, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics((int)sequence, 1.0 / sequence, 0.5, null, null, 0.1),
                }]);
                acknowledged.AddRange(stored.Select(e => e.Sequence));
                if (ended.Task.IsCompleted && stored.Count == 0) break; // the run ended: the worker is told to stop
            }
        });
        await worker;
        Assert.True(await ended.Task);

        var events = await first.GetRequiredService<RunResults>().GetEventsAsync(run.Id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(acknowledged, events.Where(e => e.Kind == RunEventKind.Epoch).Select(e => e.Sequence));
        var end = Assert.Single(events, e => e.Status?.Status == RunStatus.Cancelled);
        Assert.Equal(events[^1], end);
        Assert.Equal("cancelled elsewhere", end.Status!.Error);
        var summary = await first.GetRequiredService<RunResults>().GetAsync(run.Id);
        Assert.Equal((RunStatus.Cancelled, (long)events.Count), (summary!.Status, summary.LastSequence));
    }
}
