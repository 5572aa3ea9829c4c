using System.Threading.Channels;
using HessianWeb.Shared.Hubs;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Worker;

/// <summary>
/// Takes run assignments from the server and runs them one at a time. Hub callbacks only queue work
/// or signal cancellation, so a long run never blocks the connection (a cancel still gets through).
/// </summary>
public sealed class ComputeWorker(RunEventSender sender, Action<ExperimentSpec, IRunReporter, CancellationToken> execute) : IComputeWorker
{
    readonly Channel<RunAssignment> queue = Channel.CreateUnbounded<RunAssignment>();
    readonly object gate = new();
    readonly HashSet<Guid> cancelledBeforeStart = [];
    (Guid Id, CancellationTokenSource Cts)? current;

    public Guid? CurrentRunId { get { lock (gate) return current?.Id; } }

    public Task AssignRun(RunAssignment assignment)
    {
        queue.Writer.TryWrite(assignment);
        return Task.CompletedTask;
    }

    public Task CancelRun(RunCancellation cancellation)
    {
        lock (gate)
        {
            if (current is { } c && c.Id == cancellation.RunId) c.Cts.Cancel();
            else cancelledBeforeStart.Add(cancellation.RunId);
        }
        return Task.CompletedTask;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var assignment in queue.Reader.ReadAllAsync(ct))
        {
            var reporter = new RunEventReporter(assignment.RunId, assignment.NextSequence, sender);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            lock (gate)
            {
                if (cancelledBeforeStart.Remove(assignment.RunId)) cts.Cancel();
                current = (assignment.RunId, cts);
            }
            try
            {
                // Compute is synchronous TorchSharp work: keep it off the connection's threads.
                await Task.Factory.StartNew(() => execute(assignment.Spec, reporter, cts.Token),
                    cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reporter.Status(new StatusChange(RunStatus.Cancelled, Error: "Cancelled by the user."));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                reporter.Status(new StatusChange(RunStatus.Failed, Error: $"{ex.GetType().Name}: {ex.Message}"));
            }
            finally
            {
                lock (gate) current = null;
            }
            await sender.Drained.WaitAsync(ct);
        }
    }
}
