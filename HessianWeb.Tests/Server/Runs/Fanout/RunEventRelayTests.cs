using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Fanout;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace HessianWeb.Tests.Server.Runs.Fanout;

/// <summary>
/// Two instances, each with its own notifier and relay, on the test Redis: what one publishes reaches the other's pages in
/// order, whatever its size; neither hears itself; and an instance without Redis goes on serving its own pages.
/// </summary>
public sealed class RunEventRelayTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    const string Unreachable = "cannot be reached";

    static string NewPrefix() => $"test-fanout-{Guid.NewGuid():N}";

    static async Task<(RelayedInstance A, RelayedInstance B)> TwoInstancesAsync()
    {
        var prefix = NewPrefix();
        var a = await RelayedInstance.StartAsync(TestServices.Redis, prefix);
        var b = await RelayedInstance.StartAsync(TestServices.Redis, prefix);
        await Task.WhenAll(a.Relay.Subscribed, b.Relay.Subscribed).WaitAsync(Patience);
        return (a, b);
    }

    static RunEvent Epoch(Guid run, long sequence) => new()
    {
        RunId = run, Sequence = sequence, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics((int)sequence, 1.0 / sequence, 0.5, null, null, 0.1),
    };

    /// <summary>Collects one run's events on an instance; <see cref="Count"/> completes once that many came.</summary>
    sealed class Watcher
    {
        readonly List<RunEvent> events = [];
        readonly List<(int Count, TaskCompletionSource Reached)> waits = [];
        public IDisposable Subscription { get; }

        public Watcher(RunNotifier notifier, Guid run) => Subscription = notifier.Subscribe(run, e =>
        {
            lock (events)
            {
                events.Add(e);
                foreach (var w in waits.Where(w => events.Count >= w.Count)) w.Reached.TrySetResult();
            }
            return Task.CompletedTask;
        }, () => Task.CompletedTask);

        public List<RunEvent> Events { get { lock (events) return [.. events]; } }

        public Task Count(int count)
        {
            lock (events)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (events.Count >= count) reached.SetResult();
                else waits.Add((count, reached));
                return reached.Task.WaitAsync(Patience);
            }
        }
    }

    [Fact]
    public async Task Events_published_on_one_instance_reach_a_page_on_another_in_order()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var _ = a;
        await using var __ = b;
        var run = Guid.NewGuid();
        var onB = new Watcher(b.Notifier, run);

        // As the store publishes: one event at a time and batches (a worker's backlog after it reconnects).
        for (var s = 1; s <= 100; s++) a.Notifier.Publish([Epoch(run, s)]);
        a.Notifier.Publish(Enumerable.Range(101, 100).Select(s => Epoch(run, s)).ToList());

        await onB.Count(200);
        Assert.Equal(Enumerable.Range(1, 200).Select(s => (long)s), onB.Events.Select(e => e.Sequence));
        Assert.Equal(0.5, onB.Events[^1].Epoch!.TrainAccuracy);
    }

    [Fact]
    public async Task A_density_of_100_KB_passes_whole()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var _ = a;
        await using var __ = b;
        var run = Guid.NewGuid();
        var onB = new Watcher(b.Notifier, run);
        double[] Values(int seed) => Enumerable.Range(0, 400).Select(i => Math.Sin(i + seed) / 3).ToArray();
        var density = new DensityResult(Checkpoints.End, CurvatureOperators.Hessian, Values(0), Values(1),
            Enumerable.Range(2, 10).Select(Values).ToArray(), 0.01, 10, 80, "rademacher", 800);
        var sent = new RunEvent { RunId = run, Sequence = 1, Kind = RunEventKind.Density, Density = density };
        Assert.InRange(HessianWeb.Shared.JsonFormat.Serialize(sent).Length, 90_000, 200_000);

        a.Notifier.Publish([sent]);

        await onB.Count(1);
        var got = Assert.Single(onB.Events).Density!;
        Assert.Equal(density.Grid, got.Grid);
        Assert.Equal(density.ProbeDensities.SelectMany(p => p), got.ProbeDensities.SelectMany(p => p));
    }

    [Fact]
    public async Task Run_list_changes_reach_the_other_instance()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var _ = a;
        await using var __ = b;
        var changes = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var list = b.Notifier.SubscribeToRunList(() =>
        {
            if (Interlocked.Increment(ref changes) >= 2) second.TrySetResult();
            return Task.CompletedTask;
        });
        var first = b.Notifier.RunListChanges;

        a.Notifier.PublishRunListChanged(); // a worker came
        await WaitForChangesAsync(b.Notifier, first + 1);
        // A status the lists show: B tells its lists from the event itself.
        a.Notifier.Publish([new RunEvent { RunId = Guid.NewGuid(), Sequence = 1, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running) }]);
        await WaitForChangesAsync(b.Notifier, first + 2);
        await second.Task.WaitAsync(Patience);
    }

    static async Task WaitForChangesAsync(RunNotifier notifier, long count)
    {
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var list = notifier.SubscribeToRunList(() =>
        {
            if (notifier.RunListChanges >= count) told.TrySetResult();
            return Task.CompletedTask;
        });
        if (notifier.RunListChanges >= count) return;
        await told.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_instance_never_hears_its_own_events_back()
    {
        var (a, b) = await TwoInstancesAsync();
        await using var _ = a;
        await using var __ = b;
        var run = Guid.NewGuid();
        var onA = new Watcher(a.Notifier, run);
        var onB = new Watcher(b.Notifier, run);

        a.Notifier.Publish([Epoch(run, 1)]);
        await onB.Count(1);
        // Redis delivers in the order it was sent: had A's own come back, it would be before B's reply.
        b.Notifier.Publish([Epoch(run, 2)]);
        await onA.Count(2);

        // Each once: its own from its own store, the other's over Redis.
        Assert.Equal([1L, 2L], onA.Events.Select(e => e.Sequence));
        Assert.Equal([1L, 2L], onB.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Without_Redis_at_start_an_instance_still_hands_its_events_to_its_own_pages_and_says_why_others_do_not_see_them()
    {
        await using var a = await RelayedInstance.StartAsync("127.0.0.1:1,connectTimeout=1000", NewPrefix());
        var run = Guid.NewGuid();
        var onA = new Watcher(a.Notifier, run);

        a.Notifier.Publish([Epoch(run, 1)]);
        await onA.Count(1);

        var said = await a.Logs.LoggedAsync(LogLevel.Warning, Unreachable).WaitAsync(Patience);
        Assert.Contains("other instances", said);
        a.Notifier.Publish([Epoch(run, 2)]);
        await onA.Count(2);
        Assert.Equal(1, a.Logs.Count(LogLevel.Warning, Unreachable));
    }

    [Fact]
    public async Task When_Redis_goes_away_an_instance_goes_on_with_its_own_pages_and_logs_it_once()
    {
        using var cut = new RedisCut(TestServices.Redis);
        var prefix = NewPrefix();
        await using var a = await RelayedInstance.StartAsync(cut.Configuration, prefix);
        await using var b = await RelayedInstance.StartAsync(TestServices.Redis, prefix);
        await Task.WhenAll(a.Relay.Subscribed, b.Relay.Subscribed).WaitAsync(Patience);
        var run = Guid.NewGuid();
        var onA = new Watcher(a.Notifier, run);
        var onB = new Watcher(b.Notifier, run);
        a.Notifier.Publish([Epoch(run, 1)]);
        await onB.Count(1);

        cut.Cut();
        await a.Logs.LoggedAsync(LogLevel.Warning, Unreachable).WaitAsync(Patience);
        for (var s = 2; s <= 10; s++) a.Notifier.Publish([Epoch(run, s)]);

        await onA.Count(10);
        Assert.Equal(Enumerable.Range(1, 10).Select(s => (long)s), onA.Events.Select(e => e.Sequence));
        Assert.Equal(1, a.Logs.Count(LogLevel.Warning, Unreachable));
        Assert.Equal(0, b.Logs.Count(LogLevel.Warning, Unreachable));
    }
}
