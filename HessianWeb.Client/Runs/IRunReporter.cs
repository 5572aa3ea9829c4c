using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Where a running experiment sends what it produces, in order. Calls come from the compute thread and queue, never
/// send; while the worker's outbox is full they wait for room (RunEventSender), so compute waits for the network.
/// </summary>
public interface IRunReporter
{
    void Status(StatusChange status);
    void Epoch(EpochMetrics metrics);
    void Lanczos(LanczosIteration iteration);
    void Spectrum(SpectrumResult spectrum);
    void Density(DensityResult density);
    void Trace(TraceResult trace);
    void Outliers(OutlierResult outliers);
    /// <summary>The Gauss–Newton matrix's class/cross-class structure at a checkpoint: the predicted outliers.</summary>
    void ClassStructure(ClassStructureResult structure);
    /// <summary>
    /// Takes the artifact's bytes before it returns (the worker uploads its file, which may take a while), so the caller
    /// may change or free the tensors afterwards. A failure to keep it throws (the run fails with the reason).
    /// </summary>
    void Artifact(ArtifactContent artifact);
    void Interpolation(InterpolationPoint point);
}
