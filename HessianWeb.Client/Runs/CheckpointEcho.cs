using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Reports everything to <paramref name="inner"/>, and each result and artifact of checkpoint <paramref name="from"/> once
/// more as checkpoint <paramref name="to"/>: a run of 0 epochs (<see cref="TrainingSpec.Epochs"/>) ends where it began, so its
/// "end" is its "init" measured once and stored under both names, and every page that reads a run's end reads it.
/// </summary>
internal sealed class CheckpointEcho(IRunReporter inner, string from, string to) : IRunReporter
{
    public void Status(StatusChange status) => inner.Status(status);
    public void Epoch(EpochMetrics metrics) => inner.Epoch(metrics);
    public void Interpolation(InterpolationPoint point) => inner.Interpolation(point);

    public void Lanczos(LanczosIteration iteration) => Both(iteration.Checkpoint, iteration, inner.Lanczos, r => r with { Checkpoint = to });
    public void Spectrum(SpectrumResult spectrum) => Both(spectrum.Checkpoint, spectrum, inner.Spectrum, r => r with { Checkpoint = to });
    public void Density(DensityResult density) => Both(density.Checkpoint, density, inner.Density, r => r with { Checkpoint = to });
    public void Trace(TraceResult trace) => Both(trace.Checkpoint, trace, inner.Trace, r => r with { Checkpoint = to });
    public void Outliers(OutlierResult outliers) => Both(outliers.Checkpoint, outliers, inner.Outliers, r => r with { Checkpoint = to });
    public void ClassStructure(ClassStructureResult structure) =>
        Both(structure.Checkpoint, structure, inner.ClassStructure, r => r with { Checkpoint = to });

    /// <summary>The inner reporter takes the bytes before it returns, so the echo may share the artifact's tensors.</summary>
    public void Artifact(ArtifactContent artifact) =>
        Both(artifact.Checkpoint, artifact, inner.Artifact, a => new ArtifactContent(to, a.Kind, a.Tensors));

    void Both<T>(string checkpoint, T report, Action<T> send, Func<T, T> echo)
    {
        send(report);
        if (checkpoint == from) send(echo(report));
    }
}
