using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>The worker's work queue is bounded: work beyond it ends at once, saying why, instead of piling up.</summary>
public sealed class ComputeWorkerQueueTests
{
    /// <summary>Records events; <see cref="Received"/> completes once it has <paramref name="expected"/>.</summary>
    sealed class RecordingHub(int expected) : IComputeHub
    {
        public List<RunEvent> Events { get; } = [];
        public TaskCompletionSource Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Register(WorkerRegistration registration) => Task.CompletedTask;
        public Task ReportEvents(RunEventBatch batch)
        {
            lock (Events)
            {
                Events.AddRange(batch.Events);
                if (Events.Count >= expected) Received.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }

    sealed class IdleExecutor : IWorkExecutor
    {
        public string DeviceDescription => "cpu (test)";
        public void Execute(ExperimentSpec spec, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken) { }
        public void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken) { }
    }

    [Fact]
    public async Task Work_beyond_the_queue_ends_at_once_in_words_and_the_worker_claims_the_first_waiting_run()
    {
        var runs = Enumerable.Range(0, ComputeWorker.QueueCapacity + 2).Select(_ => Guid.NewGuid()).ToList();
        var turnedAway = runs.Skip(ComputeWorker.QueueCapacity).ToList();
        var hub = new RecordingHub(turnedAway.Count);
        var sender = new RunEventSender(hub, _ => Task.CompletedTask);
        var worker = new ComputeWorker(sender, new IdleExecutor(), new NoArtifactTransfer());

        foreach (var run in runs) await worker.AssignRun(new RunAssignment(run, new ExperimentSpec(), NextSequence: 2));
        Assert.Equal(runs[0], worker.CurrentRunId);

        using var stop = new CancellationTokenSource();
        _ = sender.RunAsync(stop.Token);
        await hub.Received.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the queued runs are not started: only the refusals arrive
        await stop.CancelAsync();

        Assert.Equal(turnedAway.Order(), hub.Events.Select(e => e.RunId).Order());
        Assert.All(hub.Events, e =>
        {
            Assert.Equal(2, e.Sequence);
            Assert.Equal(RunStatus.Failed, e.Status!.Status);
            Assert.Equal($"The run stopped: the worker already has {ComputeWorker.QueueCapacity} items waiting and takes no more.", e.Status.Error);
        });
    }

    /// <summary>Reports its new analyses as completed, saying nothing else.</summary>
    sealed class AnalysingExecutor : IWorkExecutor
    {
        public string DeviceDescription => "cpu (test)";
        public void Execute(ExperimentSpec spec, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken) { }
        public void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reporter.Status(new StatusChange(RunStatus.Completed));
        }
    }

    sealed class EmptyWeights : IArtifactTransfer
    {
        public ArtifactResult Upload(Guid runId, long sequence, ArtifactContent artifact, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("This test uploads nothing.");
        public AnalysisWeights Download(AnalysisAssignment assignment, CancellationToken cancellationToken) => new([]);
        public LocalUploads Fetch(IReadOnlyList<UploadReference> uploads, CancellationToken cancellationToken) => LocalUploads.None;
    }

    [Fact]
    public async Task A_cancel_that_crossed_its_runs_end_does_not_cancel_a_later_analysis_of_that_run()
    {
        var run = Guid.NewGuid();
        var hub = new RecordingHub(1);
        var sender = new RunEventSender(hub, _ => Task.CompletedTask);
        var worker = new ComputeWorker(sender, new AnalysingExecutor(), new EmptyWeights());
        using var stop = new CancellationTokenSource();
        _ = sender.RunAsync(stop.Token);
        var working = worker.RunAsync(stop.Token);

        await worker.CancelRun(new RunCancellation(run)); // the run already ended here: nothing to cancel
        await worker.AnalyseCheckpoint(new AnalysisAssignment(run, Guid.NewGuid(), new ExperimentSpec(), "end", "end·2",
            new ArtifactReference(run, "end-weights.safetensors", "end", ArtifactKinds.Weights, new string('0', 64), 8), NextSequence: 9));

        await hub.Received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        var ended = Assert.Single(hub.Events);
        Assert.Equal(RunStatus.Completed, ended.Status!.Status);
        Assert.Null(ended.Status.Error);
    }
}
