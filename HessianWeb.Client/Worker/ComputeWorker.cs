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
    void Execute(ExperimentSpec spec, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken);
    void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken);
}

/// <summary>
/// Takes work from the server and does it one item at a time. Hub callbacks only queue work or signal
/// cancellation, so a long run never blocks the connection (a cancel still gets through). The server gives a
/// worker one item at a time; the queue holds a few, and work beyond that is failed at once, saying why.
/// </summary>
/// <param name="artifacts">Uploads what runs keep and downloads the weights a new analysis starts from and the uploaded
/// files a spec names.</param>
public sealed class ComputeWorker : IComputeWorker
{
    public const int QueueCapacity = 4;

    readonly RunEventSender sender;
    readonly IWorkExecutor executor;
    readonly IArtifactTransfer artifacts;
    readonly Channel<Work> queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    readonly object gate = new();
    readonly HashSet<Guid> cancelledBeforeStart = [];
    readonly Dictionary<Guid, string> refusedByServer = [];
    readonly List<Guid> waiting = [];
    (Guid Id, CancellationTokenSource Cts)? current;

    public ComputeWorker(RunEventSender sender, IWorkExecutor executor, IArtifactTransfer artifacts)
    {
        this.sender = sender;
        this.executor = executor;
        this.artifacts = artifacts;
        sender.RunRefused += StopRefused;
    }

    /// <summary>
    /// What the worker claims when it registers again: the next item given, if any (the server gives a worker new work only
    /// once the end of the item in hand is stored, so that one is done), else the item in hand.
    /// </summary>
    public Guid? CurrentRunId { get { lock (gate) return waiting.Count > 0 ? waiting[0] : current?.Id; } }

    public Task AssignRun(RunAssignment assignment) =>
        Accept(new Work(assignment.RunId, assignment.NextSequence,
            (reporter, ct) => executor.Execute(assignment.Spec, artifacts.Fetch(assignment.Uploads, ct), reporter, ct), IsAnalysis: false));

    public Task AnalyseCheckpoint(AnalysisAssignment assignment) =>
        Accept(new Work(assignment.RunId, assignment.NextSequence,
            (reporter, ct) => executor.Analyse(assignment, artifacts.Download(assignment, ct), artifacts.Fetch(assignment.Uploads, ct), reporter, ct),
            IsAnalysis: true));

    Task Accept(Work work)
    {
        lock (gate)
        {
            if (queue.Writer.TryWrite(work))
            {
                waiting.Add(work.RunId);
                return Task.CompletedTask;
            }
        }
        // Off the connection's thread: reporting may wait for room in the outbox.
        _ = Task.Run(() => new RunEventReporter(work.RunId, work.FirstSequence, sender, artifacts, CancellationToken.None).Status(Ending(work,
            $"the worker already has {QueueCapacity} items waiting and takes no more")));
        return Task.CompletedTask;
    }

    public Task CancelRun(RunCancellation cancellation)
    {
        lock (gate)
        {
            if (current is { } c && c.Id == cancellation.RunId) c.Cts.Cancel();
            // A cancel for work already done (it crossed the run's end) must not stop a later analysis of the same run.
            else if (waiting.Contains(cancellation.RunId)) cancelledBeforeStart.Add(cancellation.RunId);
        }
        return Task.CompletedTask;
    }

    /// <summary>The server will not take this run's events: stop computing what cannot be kept.</summary>
    void StopRefused(Guid runId, string reason)
    {
        lock (gate)
        {
            refusedByServer[runId] = reason;
            if (current is { } c && c.Id == runId) c.Cts.Cancel();
            else if (waiting.Contains(runId)) cancelledBeforeStart.Add(runId);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var work in queue.Reader.ReadAllAsync(ct))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reporter = new RunEventReporter(work.RunId, work.FirstSequence, sender, artifacts, cts.Token);
            lock (gate)
            {
                waiting.Remove(work.RunId);
                if (cancelledBeforeStart.Remove(work.RunId)) cts.Cancel();
                current = (work.RunId, cts);
                // A refusal of this run's earlier work (a new analysis follows a run given up) does not carry over.
                if (!cts.IsCancellationRequested) refusedByServer.Remove(work.RunId);
            }
            sender.Forget(work.RunId);
            try
            {
                // Compute is synchronous TorchSharp work: keep it off the connection's threads.
                await Task.Factory.StartNew(() => work.Execute(reporter, cts.Token),
                    cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && RefusedReason(work.RunId) is { } refusal)
            {
                reporter.Status(Ending(work, $"the server did not take its results ({refusal})"));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reporter.Status(work.IsAnalysis
                    ? new StatusChange(RunStatus.Completed, Error: "The new analysis was cancelled; the run's earlier results stand.")
                    : new StatusChange(RunStatus.Cancelled, Error: "Cancelled by the user."));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A result too large for a message, a failed transfer, or an uploaded file that does not fit already says in
                // words what failed and why.
                var reason = ex is RunEventTooLargeException or ArtifactTransferException or UploadedFileException
                    ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                reporter.Status(work.IsAnalysis
                    ? new StatusChange(RunStatus.Completed, Error: $"The new analysis failed ({reason}); the run's earlier results stand.")
                    : new StatusChange(RunStatus.Failed, Error: reason));
            }
            // Still its run until its last events are acknowledged: a worker that reconnects meanwhile claims it.
            try { await sender.Drained.WaitAsync(ct); }
            finally
            {
                lock (gate) current = null;
            }
        }
    }

    string? RefusedReason(Guid runId)
    {
        lock (gate) return refusedByServer.Remove(runId, out var reason) ? reason : null;
    }

    /// <summary>How work that could not be done ends: a run fails; a new analysis ends, its run's results standing.</summary>
    static StatusChange Ending(Work work, string why) => work.IsAnalysis
        ? new StatusChange(RunStatus.Completed, Error: $"The new analysis stopped: {why}; the run's earlier results stand.")
        : new StatusChange(RunStatus.Failed, Error: $"The run stopped: {why}.");

    sealed record Work(Guid RunId, long FirstSequence, Action<IRunReporter, CancellationToken> Execute, bool IsAnalysis);
}
