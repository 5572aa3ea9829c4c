using System.Threading.Channels;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Worker;

/// <summary>What the worker executes: a whole run, or a new analysis of a saved checkpoint.</summary>
public interface IWorkExecutor
{
    string DeviceDescription { get; }
    void Execute(ExperimentSpec spec, IRunReporter reporter, CancellationToken cancellationToken);
    void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, IRunReporter reporter, CancellationToken cancellationToken);
}

/// <summary>
/// Takes work from the server and does it one item at a time. Hub callbacks only queue work or signal
/// cancellation, so a long run never blocks the connection (a cancel still gets through).
/// </summary>
/// <param name="artifacts">Uploads what runs keep and downloads the weights a new analysis starts from.</param>
public sealed class ComputeWorker(RunEventSender sender, IWorkExecutor executor, IArtifactTransfer artifacts) : IComputeWorker
{
    readonly Channel<Work> queue = Channel.CreateUnbounded<Work>();
    readonly object gate = new();
    readonly HashSet<Guid> cancelledBeforeStart = [];
    (Guid Id, CancellationTokenSource Cts)? current;

    public Guid? CurrentRunId { get { lock (gate) return current?.Id; } }

    public Task AssignRun(RunAssignment assignment)
    {
        queue.Writer.TryWrite(new Work(assignment.RunId, assignment.NextSequence,
            (reporter, ct) => executor.Execute(assignment.Spec, reporter, ct), IsAnalysis: false));
        return Task.CompletedTask;
    }

    public Task AnalyseCheckpoint(AnalysisAssignment assignment)
    {
        queue.Writer.TryWrite(new Work(assignment.RunId, assignment.NextSequence,
            (reporter, ct) => executor.Analyse(assignment, artifacts.Download(assignment, ct), reporter, ct), IsAnalysis: true));
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
        await foreach (var work in queue.Reader.ReadAllAsync(ct))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reporter = new RunEventReporter(work.RunId, work.FirstSequence, sender, artifacts, cts.Token);
            lock (gate)
            {
                if (cancelledBeforeStart.Remove(work.RunId)) cts.Cancel();
                current = (work.RunId, cts);
            }
            try
            {
                // Compute is synchronous TorchSharp work: keep it off the connection's threads.
                await Task.Factory.StartNew(() => work.Execute(reporter, cts.Token),
                    cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reporter.Status(work.IsAnalysis
                    ? new StatusChange(RunStatus.Completed, Error: "The new analysis was cancelled; the run's earlier results stand.")
                    : new StatusChange(RunStatus.Cancelled, Error: "Cancelled by the user."));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A failed transfer already says in words what failed and why.
                var reason = ex is ArtifactTransferException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                reporter.Status(work.IsAnalysis
                    ? new StatusChange(RunStatus.Completed, Error: $"The new analysis failed ({reason}); the run's earlier results stand.")
                    : new StatusChange(RunStatus.Failed, Error: reason));
            }
            finally
            {
                lock (gate) current = null;
            }
            await sender.Drained.WaitAsync(ct);
        }
    }

    sealed record Work(Guid RunId, long FirstSequence, Action<IRunReporter, CancellationToken> Execute, bool IsAnalysis);
}
