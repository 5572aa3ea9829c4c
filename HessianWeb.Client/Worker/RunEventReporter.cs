using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Worker;

/// <summary>
/// Turns what a run produces into numbered events: one sequence per run, no gaps. An artifact's file is uploaded first
/// (<see cref="IArtifactTransfer.Upload"/>, on the calling thread) and its event, which refers to the file, follows.
/// </summary>
/// <param name="cancellationToken">The run's: a cancelled run stops uploading.</param>
public sealed class RunEventReporter(Guid runId, long firstSequence, RunEventSender sender, IArtifactTransfer artifacts, CancellationToken cancellationToken) : IRunReporter
{
    readonly object gate = new();
    long next = firstSequence;

    public void Status(StatusChange status) => Send(RunEventKind.Status, e => e with { Status = status });
    public void Epoch(EpochMetrics metrics) => Send(RunEventKind.Epoch, e => e with { Epoch = metrics });
    public void Lanczos(LanczosIteration iteration) => Send(RunEventKind.Lanczos, e => e with { Lanczos = iteration });
    public void Spectrum(SpectrumResult spectrum) => Send(RunEventKind.Spectrum, e => e with { Spectrum = spectrum });
    public void Density(DensityResult density) => Send(RunEventKind.Density, e => e with { Density = density });
    public void Trace(TraceResult trace) => Send(RunEventKind.Trace, e => e with { Trace = trace });
    public void Outliers(OutlierResult outliers) => Send(RunEventKind.Outliers, e => e with { Outliers = outliers });
    public void ClassStructure(ClassStructureResult structure) => Send(RunEventKind.ClassStructure, e => e with { ClassStructure = structure });
    /// <remarks>The file is uploaded under the event's number before the event is queued, in one step: a failed upload
    /// uses no number, so the run's failure that follows leaves no gap in the sequence.</remarks>
    public void Artifact(ArtifactContent artifact)
    {
        lock (gate)
        {
            var reference = artifacts.Upload(runId, next, artifact, cancellationToken);
            sender.Enqueue(new RunEvent { RunId = runId, Sequence = next, Kind = RunEventKind.Artifact, Artifact = reference });
            next++;
        }
    }

    public void Interpolation(InterpolationPoint point) => Send(RunEventKind.Interpolation, e => e with { Interpolation = point });

    /// <summary>
    /// Numbers and queues the event in one step, so events reach the outbox in sequence order; the number is used
    /// only once the event is queued (an event too large to send leaves no gap). Blocks while the outbox is full.
    /// </summary>
    void Send(RunEventKind kind, Func<RunEvent, RunEvent> payload)
    {
        lock (gate)
        {
            sender.Enqueue(payload(new RunEvent { RunId = runId, Sequence = next, Kind = kind }));
            next++;
        }
    }
}
