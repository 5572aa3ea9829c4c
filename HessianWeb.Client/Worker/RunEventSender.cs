using System.Threading.Channels;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Worker;

/// <summary>
/// Sends run events to the server in order, in batches. A batch is forgotten only once the server
/// has acknowledged it; after a lost connection the same batch is sent again, which the server's
/// idempotent store makes harmless.
/// </summary>
public sealed class RunEventSender(IComputeHub hub, Func<CancellationToken, Task> waitForConnection)
{
    const int MaxBatch = 256;
    const long MaxBatchBytes = ComputeHubRoute.MaximumMessageBytes / 4;
    readonly Channel<RunEvent> outbox = Channel.CreateUnbounded<RunEvent>(new() { SingleReader = true });
    long enqueued, acknowledged;
    TaskCompletionSource drained = Completed();

    public void Enqueue(RunEvent e)
    {
        lock (outbox)
        {
            if (drained.Task.IsCompleted) drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
            enqueued++;
            outbox.Writer.TryWrite(e);
        }
    }

    /// <summary>Completes once every event enqueued so far is acknowledged.</summary>
    public Task Drained { get { lock (outbox) return drained.Task; } }

    public async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<RunEvent>(MaxBatch);
        while (await outbox.Reader.WaitToReadAsync(ct))
        {
            // Each message stays well under the hub's limit: a backlog of long Lanczos iterations (after a reconnect, say)
            // would otherwise go as one message the server refuses, again and again.
            long bytes = 0;
            while (batch.Count < MaxBatch && outbox.Reader.TryPeek(out var e)
                   && (batch.Count == 0 || bytes + RunEventSize.Estimate(e) <= MaxBatchBytes) && outbox.Reader.TryRead(out e))
            {
                batch.Add(e);
                bytes += RunEventSize.Estimate(e);
            }
            await SendUntilAcknowledgedAsync(batch, ct);
            lock (outbox)
            {
                acknowledged += batch.Count;
                if (acknowledged == enqueued) drained.TrySetResult();
            }
            batch.Clear();
        }
    }

    async Task SendUntilAcknowledgedAsync(List<RunEvent> batch, CancellationToken ct)
    {
        var events = batch.ToArray();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await hub.ReportEvents(new RunEventBatch(events));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Console.Error.WriteLine($"Sending {events.Length} events failed ({ex.Message}); retrying after reconnect.");
                await waitForConnection(ct);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (attempt + 1))), ct);
            }
        }
    }

    static TaskCompletionSource Completed()
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.SetResult();
        return t;
    }
}
