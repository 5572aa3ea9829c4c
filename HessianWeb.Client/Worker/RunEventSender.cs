using HessianWeb.Shared;
using System.Diagnostics;
using System.Text.Json;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.SignalR;

namespace HessianWeb.Client.Worker;

/// <summary>
/// Sends run events to the server in order, in batches of one run's events. The outbox is bounded (events and
/// bytes): when it is full, <see cref="Enqueue"/> blocks the compute thread until the server has taken some, so a
/// slow or cut network slows the run down instead of filling the worker's memory. A batch is forgotten only once
/// the server has acknowledged it; after a lost connection it is sent again (the server's idempotent store makes
/// that harmless), a bounded number of times. A batch the server refuses (it answers with an error) is tried a
/// few times, then given up: <see cref="RunRefused"/> says which run and why, and the run's later events are dropped.
/// </summary>
public sealed class RunEventSender(IComputeHub hub, Func<CancellationToken, Task> waitForConnection, OutboxLimits? limits = null)
{
    readonly OutboxLimits limits = limits ?? new OutboxLimits();
    readonly object gate = new();
    readonly Queue<(RunEvent Event, long Bytes)> queue = new();
    readonly Dictionary<Guid, string> refused = [];
    readonly SemaphoreSlim arrived = new(0);
    int held;
    long heldBytes, enqueued, acknowledged;
    bool stopped;
    TaskCompletionSource drained = Completed();

    /// <summary>The server refused a run's events for good (its id, the reason in words); its later events are dropped.</summary>
    public event Action<Guid, string>? RunRefused;

    /// <summary>The outbox is full and a run waits for the network (events and bytes held).</summary>
    public event Action<int, long>? Full;

    /// <summary>
    /// New work for a run starts afresh: events of a run given up earlier (a new analysis of it, say) are sent again.
    /// </summary>
    public void Forget(Guid runId)
    {
        lock (gate) refused.Remove(runId);
    }

    /// <summary>
    /// Queues an event, waiting while the outbox is full.
    /// </summary>
    /// <exception cref="RunEventTooLargeException">The event cannot fit in one hub message; nothing was queued.</exception>
    public void Enqueue(RunEvent e)
    {
        var bytes = JsonBytes(e);
        if (bytes > limits.MaxEventBytes) throw new RunEventTooLargeException(e, bytes, limits.MaxEventBytes);
        lock (gate)
        {
            if (refused.ContainsKey(e.RunId) && e.Status?.Status.IsTerminal() != true) return;
            var waited = false;
            // One event always fits in an empty outbox, however large: otherwise it would wait for ever.
            while (held > 0 && (held >= limits.MaxEvents || heldBytes + bytes > limits.MaxBytes))
            {
                if (stopped) throw new OperationCanceledException("The worker is stopping.");
                if (!waited) Full?.Invoke(held, heldBytes);
                waited = true;
                Monitor.Wait(gate, TimeSpan.FromSeconds(1));
            }
            if (drained.Task.IsCompleted) drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Enqueue((e, bytes));
            held++;
            heldBytes += bytes;
            enqueued++;
        }
        arrived.Release();
    }

    /// <summary>Completes once every event enqueued so far is acknowledged (or given up).</summary>
    public Task Drained { get { lock (gate) return drained.Task; } }

    /// <summary>Events in the outbox or on their way, not yet acknowledged.</summary>
    public int Held { get { lock (gate) return held; } }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await arrived.WaitAsync(ct);
                var batch = TakeBatch();
                if (batch.Count == 0) continue; // dropped when its run was refused
                for (var i = 1; i < batch.Count; i++) await arrived.WaitAsync(ct); // one signal per event taken
                var refusal = await DeliverAsync(batch, ct);
                Acknowledge(batch, refusal);
            }
        }
        finally
        {
            lock (gate)
            {
                stopped = true;
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>The oldest events of one run, up to the batch limits (at least one).</summary>
    List<(RunEvent Event, long Bytes)> TakeBatch()
    {
        var batch = new List<(RunEvent Event, long Bytes)>();
        lock (gate)
        {
            long bytes = 0;
            while (queue.TryPeek(out var next) && batch.Count < limits.MaxBatchEvents
                && (batch.Count == 0 || (next.Event.RunId == batch[0].Event.RunId && bytes + next.Bytes <= limits.MaxBatchBytes)))
            {
                batch.Add(queue.Dequeue());
                bytes += next.Bytes;
            }
        }
        return batch;
    }

    /// <summary>Sends until acknowledged; returns null then, or the reason the batch was given up.</summary>
    async Task<string?> DeliverAsync(List<(RunEvent Event, long Bytes)> batch, CancellationToken ct)
    {
        var events = batch.Select(b => b.Event).ToArray();
        var what = $"events {events[0].Sequence}–{events[^1].Sequence}";
        var since = Stopwatch.StartNew();
        var refusals = 0;
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                await waitForConnection(ct);
                await hub.ReportEvents(new RunEventBatch(events));
                if (attempt > 1) Console.WriteLine($"Run {events[0].RunId}: {what} ({events.Length}) re-sent and acknowledged on attempt {attempt}.");
                return null;
            }
            catch (HubException ex)
            {
                // The server answered: it could not store them. A few tries (a busy store clears); not more.
                if (++refusals >= limits.RefusalAttempts) return $"the server refused {what}: {ex.Message}";
                failure = ex;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failure = ex;
            }
            if (attempt >= limits.DeliveryAttempts || since.Elapsed >= limits.DeliveryTime)
                return $"{what} could not be delivered in {attempt} attempts over {since.Elapsed.TotalSeconds:0} s (last: {failure.Message})";
            var delay = TimeSpan.FromSeconds(Math.Min(10, 0.25 * Math.Pow(2, attempt - 1)));
            Console.Error.WriteLine($"Run {events[0].RunId}: sending {what} failed ({failure.Message}); trying again in {delay.TotalSeconds:0.##} s.");
            await Task.Delay(delay, ct);
        }
    }

    void Acknowledge(List<(RunEvent Event, long Bytes)> batch, string? refusal)
    {
        var runId = batch[0].Event.RunId;
        var dropped = 0;
        lock (gate)
        {
            held -= batch.Count;
            heldBytes -= batch.Sum(b => b.Bytes);
            acknowledged += batch.Count;
            if (refusal is not null && refused.TryAdd(runId, refusal))
            {
                // The run's queued events would be refused as well; its final status may still get through.
                var keep = queue.Where(q => q.Event.RunId != runId || q.Event.Status?.Status.IsTerminal() == true).ToList();
                foreach (var q in queue.Except(keep)) { held--; heldBytes -= q.Bytes; acknowledged++; dropped++; }
                queue.Clear();
                foreach (var q in keep) queue.Enqueue(q);
            }
            if (acknowledged == enqueued) drained.TrySetResult();
            Monitor.PulseAll(gate);
        }
        if (refusal is null) return;
        Console.Error.WriteLine($"Run {runId}: gave up sending its events, {refusal}; {dropped} queued events dropped.");
        RunRefused?.Invoke(runId, refusal);
    }

    /// <summary>The event's size as JSON on the wire (the hub's JSON protocol uses the same options), counted, not kept.</summary>
    static long JsonBytes(RunEvent e)
    {
        using var counter = new CountingStream();
        JsonSerializer.Serialize(counter, e, JsonFormat.Options);
        return counter.Length;
    }

    static TaskCompletionSource Completed()
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.SetResult();
        return t;
    }

    sealed class CountingStream : Stream
    {
        long count;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => count;
        public override long Position { get => count; set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int length) => count += length;
        public override void Write(ReadOnlySpan<byte> buffer) => count += buffer.Length;
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int length) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>How much the worker's outbox holds and how hard it tries; the defaults suit a run's events.</summary>
public sealed record OutboxLimits
{
    public int MaxEvents { get; init; } = 10_000;
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;
    public int MaxBatchEvents { get; init; } = 256;
    /// <summary>A quarter of a hub message: a backlog of long results (after a reconnect, say) goes in several messages.</summary>
    public long MaxBatchBytes { get; init; } = ComputeHubRoute.MaxMessageBytes / 4;

    /// <summary>An event must fit in one hub message, with room for the message's envelope.</summary>
    public long MaxEventBytes { get; init; } = ComputeHubRoute.MaxMessageBytes - 64 * 1024;

    /// <summary>Sends of one batch, each after the connection is back, before it is given up.</summary>
    public int DeliveryAttempts { get; init; } = 10;

    /// <summary>How long one batch may take to deliver in all (the link gives up on the server after 10 min by default).</summary>
    public TimeSpan DeliveryTime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Answers of "could not store" from the server before the batch is given up.</summary>
    public int RefusalAttempts { get; init; } = 3;
}

/// <summary>A result too large to send in one message: the run fails with this, in words.</summary>
public sealed class RunEventTooLargeException(RunEvent e, long bytes, long limit) : Exception(
    $"The {e.Kind.ToString().ToLowerInvariant()} result is {bytes / 1048576.0:0.0} MiB as JSON, more than the " +
    $"{limit / 1048576.0:0.0} MiB one message to the server may carry; ask for a smaller one (fewer eigenvalues, probes or grid points).");
