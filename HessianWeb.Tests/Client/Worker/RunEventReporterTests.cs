using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using TorchSharp;

namespace HessianWeb.Tests.Client.Worker;

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

    /// <summary>Answers each upload with a reference naming the run and sequence it was given (the HTTP side is tested over HTTP).</summary>
    sealed class RecordingTransfer : IArtifactTransfer
    {
        public List<(Guid RunId, long Sequence, ArtifactResult Uploaded)> Uploads { get; } = [];

        public ArtifactResult Upload(Guid runId, long sequence, ArtifactContent artifact, CancellationToken cancellationToken)
        {
            var reference = new ArtifactResult(artifact.Checkpoint, artifact.Kind, artifact.Tensors.Select(t => t.Description).ToList(),
                $"runs/{runId}/{sequence}.safetensors", new string('a', 64), 8);
            Uploads.Add((runId, sequence, artifact.ToResult()));
            return reference;
        }

        public AnalysisWeights Download(AnalysisAssignment assignment, CancellationToken cancellationToken) => throw new NotSupportedException();
        public LocalUploads Fetch(IReadOnlyList<UploadReference> uploads, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Each_report_becomes_the_next_numbered_event_of_its_kind_with_only_its_payload()
    {
        var hub = new RecordingHub();
        var sender = new RunEventSender(hub, _ => Task.CompletedTask);
        var runId = Guid.NewGuid();
        var transfer = new RecordingTransfer();
        var reporter = new RunEventReporter(runId, firstSequence: 7, sender, transfer, CancellationToken.None);
        var status = new StatusChange(RunStatus.Running, RunPhase.Analysing);
        var epoch = new EpochMetrics(1, 0.5, 0.75, null, null, 0.1);
        var step = new LanczosIteration("init", 1, [1.0], [0.1], 1, CurvatureOperators.GaussNewton);
        var spectrum = new SpectrumResult("init", SpectrumMethods.Exact, [1.0]);
        var density = new DensityResult("init", CurvatureOperators.Hessian, [0.0, 1], [1.0, 1], [[1.0, 1]], 0.1, 1, 2, "rademacher", 2);
        var trace = new TraceResult("init", CurvatureOperators.Residual, TraceMethods.Hutchinson, 1, 0.1, 30);
        var outliers = new OutlierResult("init", CurvatureOperators.Hessian, 3, 0.2, 4, 5, "gap", "exact", false);
        using var labels = torch.tensor(new long[] { 3 });
        using var artifact = new ArtifactContent("init", ArtifactKinds.Data, [TensorContent.FromTensors("y", [labels])]);
        var point = new InterpolationPoint("init→end", 0, 41, -0.5, 1.2, 0.25, 1.3, 0.2);
        var structure = new ClassStructureResult("init", 2, ClassStructureScopes.ClassOnly, [1.0, 0.5], null, null, 1.5, null, null, null, [3, 4],
            32, 16, "Class term only", "crossEntropy", 2, 0.01);

        reporter.Status(status);
        reporter.Epoch(epoch);
        reporter.Lanczos(step);
        reporter.Spectrum(spectrum);
        reporter.Density(density);
        reporter.Trace(trace);
        reporter.Outliers(outliers);
        reporter.Artifact(artifact);
        reporter.Interpolation(point);
        reporter.ClassStructure(structure);
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(stop.Token);
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.Equal(Enumerable.Range(7, 10).Select(i => (long)i), hub.Events.Select(e => e.Sequence));
        Assert.All(hub.Events, e => Assert.Equal(runId, e.RunId));
        Assert.Equal(Enum.GetValues<RunEventKind>(), hub.Events.Select(e => e.Kind));
        object?[] Payloads(RunEvent e) => [e.Status, e.Epoch, e.Lanczos, e.Spectrum, e.Density, e.Trace, e.Outliers, e.Artifact, e.Interpolation, e.ClassStructure];
        // The artifact was uploaded under its own event's number before that event was sent, and the event refers to the file.
        var (uploadRun, uploadSequence, uploaded) = Assert.Single(transfer.Uploads);
        Assert.Equal((runId, 14L), (uploadRun, uploadSequence));
        Assert.Equal(BitConverter.GetBytes(3L), Assert.Single(uploaded.Tensors).Data);
        var reference = hub.Events[7].Artifact!;
        Assert.Equal(($"runs/{runId}/14.safetensors", "y", "int64"), (reference.File, reference.Tensors[0].Name, reference.Tensors[0].Dtype));
        Assert.Equal([1L], reference.Tensors[0].Shape);
        Assert.Null(reference.Tensors[0].Data);
        object[] sent = [status, epoch, step, spectrum, density, trace, outliers, reference, point, structure];
        for (var i = 0; i < sent.Length; i++)
        {
            var payloads = Payloads(hub.Events[i]);
            Assert.Same(sent[i], payloads[(int)hub.Events[i].Kind]);
            Assert.Single(payloads, p => p is not null);
        }
    }
}
