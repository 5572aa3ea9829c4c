using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Workers;

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
        public void Execute(ExperimentSpec spec, IRunReporter reporter, CancellationToken cancellationToken) { }
        public void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, IRunReporter reporter, CancellationToken cancellationToken) { }
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
}
