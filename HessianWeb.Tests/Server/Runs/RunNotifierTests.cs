using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>The live fan-out: bounded per subscriber, in order, and a page that falls behind is told so rather than left short.</summary>
public sealed class RunNotifierTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    static readonly Guid Run = Guid.NewGuid();

    static RunEvent Epoch(long sequence) => new()
    {
        RunId = Run, Sequence = sequence, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics((int)sequence, 1.0 / sequence, 0.5, null, null, 0.1),
    };

    [Fact]
    public async Task A_subscriber_that_falls_behind_gets_the_events_that_fit_in_order_then_is_told_it_is_behind()
    {
        const int capacity = 4;
        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance, capacity, RunNotifier.EpochListInterval);
        var received = new List<long>();
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var behind = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.Subscribe(Run,
            async e =>
            {
                lock (received) received.Add(e.Sequence);
                if (e.Sequence == 1)
                {
                    firstEntered.SetResult();
                    await release.Task; // a page busy rendering
                }
            },
            () =>
            {
                lock (received) behind.TrySetResult(received.Count);
                return Task.CompletedTask;
            });

        notifier.Publish([Epoch(1)]);
        await firstEntered.Task.WaitAsync(Patience);
        // While the page is stuck on event 1, nineteen more come: four fit, fifteen are left out.
        for (var s = 2; s <= 20; s++) notifier.Publish([Epoch(s)]);
        release.SetResult();

        var receivedWhenBehind = await behind.Task.WaitAsync(Patience);
        Assert.Equal(1 + capacity, receivedWhenBehind);
        lock (received) Assert.Equal([1, 2, 3, 4, 5], received);
    }

    [Fact]
    public async Task Every_subscriber_gets_every_event_in_the_order_published_when_it_keeps_up()
    {
        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance);
        var received = new List<long>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wasBehind = false;
        using var subscription = notifier.Subscribe(Run,
            e =>
            {
                received.Add(e.Sequence);
                if (received.Count == 500) all.SetResult();
                return Task.CompletedTask;
            },
            () =>
            {
                wasBehind = true;
                return Task.CompletedTask;
            });

        for (var s = 1; s <= 500; s++) notifier.Publish([Epoch(s)]);

        await all.Task.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), received);
        Assert.False(wasBehind);
    }

    [Fact]
    public void Epochs_and_Lanczos_iterations_alone_do_not_refresh_the_runs_list_while_statuses_and_results_do()
    {
        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance, RunNotifier.QueueCapacity, TimeSpan.FromDays(1));

        notifier.Publish(Enumerable.Range(1, 100).Select(s => Epoch(s)).ToList());
        notifier.Publish([new RunEvent { RunId = Run, Sequence = 101, Kind = RunEventKind.Lanczos, Lanczos = new LanczosIteration(Checkpoints.End, 1, [1.0], [0.1], 1) }]);
        Assert.Equal(0, notifier.RunListChanges);

        notifier.Publish([Epoch(102), new RunEvent { RunId = Run, Sequence = 103, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Analysing) }]);
        Assert.Equal(1, notifier.RunListChanges);
        notifier.Publish([new RunEvent { RunId = Run, Sequence = 104, Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [2.0]) }]);
        notifier.Publish([new RunEvent { RunId = Run, Sequence = 105, Kind = RunEventKind.Trace, Trace = new TraceResult(Checkpoints.End, CurvatureOperators.Hessian, TraceMethods.Exact, 3, 0, 4) }]);
        Assert.Equal(3, notifier.RunListChanges);
    }

    [Fact]
    public void Epochs_alone_refresh_the_runs_list_at_most_once_an_interval()
    {
        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance, RunNotifier.QueueCapacity, TimeSpan.Zero);

        notifier.Publish([Epoch(1)]);

        Assert.Equal(1, notifier.RunListChanges);
    }

    [Fact]
    public void Epochs_refresh_the_runs_list_once_an_interval_has_passed_on_the_notifier_s_clock()
    {
        var clock = new ManualClock();
        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance, clock);

        notifier.Publish(Enumerable.Range(1, 100).Select(s => Epoch(s)).ToList());
        Assert.Equal(0, notifier.RunListChanges);

        clock.Advance(RunNotifier.EpochListInterval);
        notifier.Publish([Epoch(101)]);
        notifier.Publish([Epoch(102)]);
        Assert.Equal(1, notifier.RunListChanges);
    }

    [Fact]
    public async Task A_burst_of_runs_list_changes_while_one_is_handled_folds_into_one_more_call()
    {
        var notifier = new RunNotifier(NullLogger<RunNotifier>.Instance);
        var calls = 0;
        var markerPublished = false;
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var markerSeen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.SubscribeToRunList(async () =>
        {
            var call = Interlocked.Increment(ref calls);
            if (Volatile.Read(ref markerPublished)) markerSeen.TrySetResult(call);
            if (call == 1)
            {
                firstEntered.SetResult();
                await release.Task;
            }
            if (call == 2) second.SetResult();
        });

        notifier.PublishRunListChanged();
        await firstEntered.Task.WaitAsync(Patience);
        for (var i = 0; i < 50; i++) notifier.PublishRunListChanged();
        release.SetResult();
        await second.Task.WaitAsync(Patience);
        // A later change: the first call that sees it is the third, so none of the burst's fifty was left queued.
        Volatile.Write(ref markerPublished, true);
        notifier.PublishRunListChanged();

        Assert.Equal(3, await markerSeen.Task.WaitAsync(Patience));
    }
}
