using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.SignalR;


namespace HessianWeb.Tests.Client.Worker;

/// <summary>The worker's outbox: bounded, back-pressure on the compute thread, and nothing retried for ever.</summary>
public sealed class RunEventSenderTests : IDisposable
{
    readonly CancellationTokenSource stop = new();

    public void Dispose() => stop.Cancel();

    /// <summary>A server that can be held (calls wait until released), made to fail, and records what it took.</summary>
    sealed class ScriptedHub : IComputeHub
    {
        public List<RunEvent> Taken { get; } = [];
        public TaskCompletionSource FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; set; } = Done();
        public Func<RunEventBatch, Exception?> Fail { get; set; } = _ => null;
        public int Calls;

        public Task Register(WorkerRegistration registration) => Task.CompletedTask;

        public async Task ReportEvents(RunEventBatch batch)
        {
            Interlocked.Increment(ref Calls);
            FirstCall.TrySetResult();
            await Release.Task;
            if (Fail(batch) is { } failure) throw failure;
            lock (Taken) Taken.AddRange(batch.Events);
        }

        static TaskCompletionSource Done()
        {
            var t = new TaskCompletionSource();
            t.SetResult();
            return t;
        }
    }

    static RunEvent Epoch(Guid run, long sequence) =>
        new() { RunId = run, Sequence = sequence, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics((int)sequence, 1, 0.5, null, null, 0.1) };

    [Fact]
    public async Task A_full_outbox_blocks_the_compute_thread_until_the_server_takes_events_then_all_arrive_in_order()
    {
        var hub = new ScriptedHub { Release = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        var sender = new RunEventSender(hub, _ => Task.CompletedTask, new OutboxLimits { MaxEvents = 4, MaxBatchEvents = 2 });
        var full = new TaskCompletionSource<(int Events, long Bytes)>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Full += (events, bytes) => full.TrySetResult((events, bytes));
        var run = Guid.NewGuid();
        var returned = 0;
        var producer = Task.Factory.StartNew(() =>
        {
            for (var i = 1; i <= 10; i++) { sender.Enqueue(Epoch(run, i)); Interlocked.Increment(ref returned); }
        }, TaskCreationOptions.LongRunning);
        var sending = sender.RunAsync(stop.Token);

        await hub.FirstCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (held, _) = await full.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Two on their way (held by the server), two queued: the fifth waits.
        Assert.Equal(4, held);
        Assert.Equal(4, Volatile.Read(ref returned));
        Assert.False(producer.IsCompleted);

        hub.Release.SetResult();
        await producer.WaitAsync(TimeSpan.FromSeconds(30));
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), hub.Taken.Select(e => e.Sequence));
        Assert.Equal(0, sender.Held);
        Assert.False(sending.IsCompleted);
    }

    [Fact]
    public async Task A_batch_the_server_refuses_is_tried_a_few_times_then_given_up_with_its_reason_and_the_next_run_goes_through()
    {
        var refusedRun = Guid.NewGuid();
        var nextRun = Guid.NewGuid();
        var hub = new ScriptedHub { Fail = b => b.Events[0].RunId == refusedRun ? new HubException("The data directory /data is full: No space left on device") : null };
        var sender = new RunEventSender(hub, _ => Task.CompletedTask, new OutboxLimits { RefusalAttempts = 3 });
        var refused = new TaskCompletionSource<(Guid, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.RunRefused += (run, reason) => refused.TrySetResult((run, reason));

        sender.Enqueue(Epoch(refusedRun, 2));
        sender.Enqueue(Epoch(refusedRun, 3));
        sender.Enqueue(Epoch(nextRun, 2));
        _ = sender.RunAsync(stop.Token);
        var (run, reason) = await refused.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(refusedRun, run);
        Assert.Equal("the server refused events 2–3: The data directory /data is full: No space left on device", reason);
        Assert.Equal(3 + 1, hub.Calls); // three tries of the refused batch, one of the next run's
        Assert.Equal([nextRun], hub.Taken.Select(e => e.RunId));
        // The refused run's later events are dropped at once; its final status is still offered, once.
        var before = hub.Calls;
        sender.Enqueue(Epoch(refusedRun, 4));
        sender.Enqueue(new RunEvent { RunId = refusedRun, Sequence = 5, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Failed, Error: reason) });
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(before + 3, hub.Calls);
    }

    [Fact]
    public async Task Events_sent_while_the_connection_is_lost_are_sent_again_once_it_is_back()
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hub = new ScriptedHub();
        var lost = true;
        hub.Fail = _ =>
        {
            if (!lost) return null;
            lost = false;
            return new InvalidOperationException("Invocation canceled due to the underlying connection being closed.");
        };
        var waits = 0;
        var sender = new RunEventSender(hub, ct => Interlocked.Increment(ref waits) == 1 ? Task.CompletedTask : connected.Task.WaitAsync(ct));
        var run = Guid.NewGuid();
        for (var i = 1; i <= 3; i++) sender.Enqueue(Epoch(run, i));
        _ = sender.RunAsync(stop.Token);

        await hub.FirstCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(sender.Drained.IsCompleted);
        connected.SetResult();
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1L, 2, 3], hub.Taken.Select(e => e.Sequence));
        Assert.Equal(2, hub.Calls);
    }

    [Fact]
    public async Task An_event_too_large_for_one_message_fails_in_words_and_leaves_no_gap_in_the_sequence()
    {
        var hub = new ScriptedHub();
        var sender = new RunEventSender(hub, _ => Task.CompletedTask, new OutboxLimits { MaxEventBytes = 10_000 });
        var run = Guid.NewGuid();
        var reporter = new RunEventReporter(run, firstSequence: 2, sender, new NoArtifactTransfer(), CancellationToken.None);

        var tooLarge = Assert.Throws<RunEventTooLargeException>(() =>
            reporter.Spectrum(new SpectrumResult("end", SpectrumMethods.Exact, Enumerable.Range(0, 5000).Select(i => i * 0.123456789).ToArray())));
        reporter.Status(new StatusChange(RunStatus.Failed, Error: tooLarge.Message));

        Assert.StartsWith("The spectrum result is ", tooLarge.Message);
        Assert.Contains("MiB one message to the server may carry", tooLarge.Message);
        Assert.Equal(1, sender.Held);
        _ = sender.RunAsync(stop.Token);
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Assert.Single(hub.Taken).Sequence);
    }
}
