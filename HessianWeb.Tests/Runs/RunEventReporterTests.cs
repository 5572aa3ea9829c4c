using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Runs;

public class RunEventReporterTests
{
    sealed class RecordingHub : IComputeHub
    {
        public List<RunEvent> Events { get; } = [];
        public Task Register(WorkerRegistration registration) => Task.CompletedTask;
        public Task ReportEvents(RunEventBatch batch)
        {
            lock (Events) Events.AddRange(batch.Events);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Each_report_becomes_the_next_numbered_event_of_its_kind_with_only_its_payload()
    {
        var hub = new RecordingHub();
        var sender = new RunEventSender(hub, _ => Task.CompletedTask);
        var runId = Guid.NewGuid();
        var reporter = new RunEventReporter(runId, firstSequence: 7, sender);
        var status = new StatusChange(RunStatus.Running, RunPhase.Analysing);
        var epoch = new EpochMetrics(1, 0.5, 0.75, null, null, 0.1);
        var step = new LanczosIteration("init", 1, [1.0], [0.1], 1, CurvatureOperators.GaussNewton);
        var spectrum = new SpectrumResult("init", SpectrumMethods.Exact, [1.0]);
        var density = new DensityResult("init", CurvatureOperators.Hessian, [0.0, 1], [1.0, 1], [[1.0, 1]], 0.1, 1, 2, "rademacher", 2);
        var trace = new TraceResult("init", CurvatureOperators.Residual, TraceMethods.Hutchinson, 1, 0.1, 30);
        var outliers = new OutlierResult("init", CurvatureOperators.Hessian, 3, 0.2, 4, 5, "gap", "exact", false);
        var artifact = new ArtifactResult("init", ArtifactKinds.Data, [new NamedTensor("y", "int64", [1], new byte[8])]);
        var point = new InterpolationPoint("init→end", 0, 41, -0.5, 1.2, 0.25, 1.3, 0.2);

        reporter.Status(status);
        reporter.Epoch(epoch);
        reporter.Lanczos(step);
        reporter.Spectrum(spectrum);
        reporter.Density(density);
        reporter.Trace(trace);
        reporter.Outliers(outliers);
        reporter.Artifact(artifact);
        reporter.Interpolation(point);
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(stop.Token);
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.Equal(Enumerable.Range(7, 9).Select(i => (long)i), hub.Events.Select(e => e.Sequence));
        Assert.All(hub.Events, e => Assert.Equal(runId, e.RunId));
        Assert.Equal(Enum.GetValues<RunEventKind>(), hub.Events.Select(e => e.Kind));
        object?[] Payloads(RunEvent e) => [e.Status, e.Epoch, e.Lanczos, e.Spectrum, e.Density, e.Trace, e.Outliers, e.Artifact, e.Interpolation];
        object[] sent = [status, epoch, step, spectrum, density, trace, outliers, artifact, point];
        for (var i = 0; i < sent.Length; i++)
        {
            var payloads = Payloads(hub.Events[i]);
            Assert.Same(sent[i], payloads[(int)hub.Events[i].Kind]);
            Assert.Single(payloads, p => p is not null);
        }
    }
}
