using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>Keeps every report in order, optionally acting on each (to cancel mid-run).</summary>
internal sealed class RecordingReporter(Action<object>? onReport = null) : IRunReporter
{
    public List<object> Reports { get; } = [];

    public IEnumerable<StatusChange> Statuses => Reports.OfType<StatusChange>();
    public IEnumerable<EpochMetrics> Epochs => Reports.OfType<EpochMetrics>();
    public IEnumerable<LanczosIteration> LanczosSteps => Reports.OfType<LanczosIteration>();
    public IEnumerable<SpectrumResult> Spectra => Reports.OfType<SpectrumResult>();
    public IEnumerable<DensityResult> Densities => Reports.OfType<DensityResult>();
    public IEnumerable<TraceResult> Traces => Reports.OfType<TraceResult>();
    public IEnumerable<OutlierResult> OutlierCounts => Reports.OfType<OutlierResult>();
    public IEnumerable<ClassStructureResult> ClassStructures => Reports.OfType<ClassStructureResult>();
    public IEnumerable<ArtifactResult> Artifacts => Reports.OfType<ArtifactResult>();
    public IEnumerable<InterpolationPoint> InterpolationPoints => Reports.OfType<InterpolationPoint>();

    public SpectrumResult SpectrumOf(string checkpoint, string method, string op = CurvatureOperators.Hessian) =>
        Assert.Single(Spectra, s => s.Checkpoint == checkpoint && s.Method == method && s.Operator == op);

    public TraceResult TraceOf(string checkpoint, string method, string op = CurvatureOperators.Hessian) =>
        Assert.Single(Traces, t => t.Checkpoint == checkpoint && t.Method == method && t.Operator == op);

    public ArtifactResult ArtifactOf(string checkpoint, string kind) =>
        Assert.Single(Artifacts, a => a.Checkpoint == checkpoint && a.Kind == kind);

    public void Status(StatusChange status) => Record(status);
    public void Epoch(EpochMetrics metrics) => Record(metrics);
    public void Lanczos(LanczosIteration iteration) => Record(iteration);
    public void Spectrum(SpectrumResult spectrum) => Record(spectrum);
    public void Density(DensityResult density) => Record(density);
    public void Trace(TraceResult trace) => Record(trace);
    public void Outliers(OutlierResult outliers) => Record(outliers);
    public void ClassStructure(ClassStructureResult structure) => Record(structure);
    /// <summary>Kept as a copy with the bytes, as it was when reported.</summary>
    public void Artifact(ArtifactContent artifact) => Record(artifact.ToResult());
    public void Interpolation(InterpolationPoint point) => Record(point);

    void Record(object report)
    {
        Reports.Add(report);
        onReport?.Invoke(report);
    }
}
