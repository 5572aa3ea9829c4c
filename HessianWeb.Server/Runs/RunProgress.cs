using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// A run's events folded into what its page shows. Events apply once, in sequence order: one already
/// applied (a stored event that is also published live) is ignored, so the page ends the same whether
/// it was opened before, during or after the run.
/// </summary>
// Why this is large: it is the run page's read model, one read-only list per kind of result the page shows, all
// filled by the one Apply fold; splitting it would split that fold.
public sealed class RunProgress
{
    readonly List<EpochMetrics> epochs = [];
    readonly List<LanczosTrace> lanczos = [];
    readonly List<SpectrumResult> spectra = [];
    readonly List<DensityResult> densities = [];
    readonly List<TraceResult> traces = [];
    readonly List<OutlierResult> outliers = [];
    readonly List<ClassStructureResult> classStructures = [];
    readonly List<string> weightCheckpoints = [];
    readonly List<string> analysed = [];
    readonly List<PhaseStart> phases = [];
    readonly List<InterpolationPoint> interpolation = [];

    public long LastSequence { get; private set; }
    public RunStatus Status { get; private set; } = RunStatus.Queued;
    public RunPhase? Phase { get; private set; }
    public string? Error { get; private set; }
    public long? ParameterCount { get; private set; }

    public IReadOnlyList<EpochMetrics> Epochs => epochs;

    /// <summary>A phased run's phases in training order, each with the epoch it starts at (from the epochs seen so far).</summary>
    public IReadOnlyList<PhaseStart> Phases => phases;

    /// <summary>Every loss-interpolation point, in the order they came (<see cref="InterpolationPoint.Label"/> tells the lines apart).</summary>
    public IReadOnlyList<InterpolationPoint> Interpolation => interpolation;

    /// <summary>One trace per checkpoint and operator, in the order they began.</summary>
    public IReadOnlyList<LanczosTrace> Lanczos => lanczos;

    public IReadOnlyList<SpectrumResult> Spectra => spectra;
    public IReadOnlyList<DensityResult> Densities => densities;
    public IReadOnlyList<TraceResult> Traces => traces;
    public IReadOnlyList<OutlierResult> Outliers => outliers;

    /// <summary>G's class/cross-class structure, one per analysed checkpoint (none in runs stored before it was measured).</summary>
    public IReadOnlyList<ClassStructureResult> ClassStructures => classStructures;

    /// <summary>Checkpoints whose weights were kept, so they can be analysed again, in training order.</summary>
    public IReadOnlyList<string> WeightCheckpoints => weightCheckpoints;

    /// <summary>Checkpoints with a finished result (spectrum, density, trace, outliers or class structure), in training order.</summary>
    public IReadOnlyList<string> AnalysedCheckpoints => analysed;

    /// <summary>Counts the analysis results applied, so a panel can tell cheaply that something new arrived.</summary>
    public int AnalysisRevision { get; private set; }

    /// <summary>Counts the events other than epochs applied so far: the curvature panels need a new render only when it moves.</summary>
    public int CurvatureVersion { get; private set; }

    /// <summary>Applies <paramref name="e"/> unless it was applied already; says whether it did.</summary>
    public bool Apply(RunEvent e)
    {
        if (e.Sequence <= LastSequence) return false;
        LastSequence = e.Sequence;
        if (e.Kind != RunEventKind.Epoch) CurvatureVersion++;
        switch (e.Kind)
        {
            case RunEventKind.Status when e.Status is { } s:
                Status = s.Status;
                Phase = s.Status == RunStatus.Running ? s.Phase : null;
                if (s.Error is not null) Error = s.Error;
                if (s.ParameterCount is { } m) ParameterCount = m;
                break;
            case RunEventKind.Epoch when e.Epoch is { } epoch:
                epochs.Add(epoch);
                if (epoch.Phase is { } phase && phases.All(p => p.Name != phase)) phases.Add(new PhaseStart(phase, epoch.Epoch));
                break;
            case RunEventKind.Interpolation when e.Interpolation is { } point:
                interpolation.Add(point);
                break;
            case RunEventKind.Lanczos when e.Lanczos is { } iteration:
                var trace = lanczos.FirstOrDefault(t => t.Checkpoint == iteration.Checkpoint && t.Operator == iteration.Operator);
                if (trace is null) lanczos.Add(trace = new LanczosTrace(iteration.Checkpoint, iteration.Operator));
                trace.Add(iteration);
                break;
            case RunEventKind.Spectrum when e.Spectrum is { } spectrum:
                AddResult(spectra, spectrum, spectrum.Checkpoint);
                break;
            case RunEventKind.Density when e.Density is { } density:
                AddResult(densities, density, density.Checkpoint);
                break;
            case RunEventKind.Trace when e.Trace is { } traceResult:
                AddResult(traces, traceResult, traceResult.Checkpoint);
                break;
            case RunEventKind.Outliers when e.Outliers is { } outlier:
                AddResult(outliers, outlier, outlier.Checkpoint);
                break;
            case RunEventKind.ClassStructure when e.ClassStructure is { } structure:
                AddResult(classStructures, structure, structure.Checkpoint);
                break;
            // Without a file the server could not keep the weights, and there is nothing to analyse again.
            case RunEventKind.Artifact when e.Artifact is { Kind: ArtifactKinds.Weights, File: not null } artifact:
                CheckpointOrder.Insert(weightCheckpoints, artifact.Checkpoint, PhaseNames);
                break;
        }
        return true;
    }

    IReadOnlyList<string> PhaseNames => phases.Select(p => p.Name).ToList();

    void AddResult<T>(List<T> results, T result, string checkpoint)
    {
        results.Add(result);
        Analysed(checkpoint);
    }

    void Analysed(string checkpoint)
    {
        CheckpointOrder.Insert(analysed, checkpoint, PhaseNames);
        AnalysisRevision++;
    }
}

/// <summary>A training phase's name and the (run-wide) epoch it starts from: the previous phase's last.</summary>
public sealed record PhaseStart(string Name, int Epoch);

/// <summary>Every Lanczos iteration of one checkpoint and operator: the Ritz values converging to the extreme eigenvalues.</summary>
public sealed class LanczosTrace(string checkpoint, string @operator = CurvatureOperators.Hessian)
{
    readonly List<LanczosIteration> iterations = [];

    public string Checkpoint { get; } = checkpoint;
    public string Operator { get; } = @operator;
    public IReadOnlyList<LanczosIteration> Iterations => iterations;
    public LanczosIteration Latest => iterations[^1];

    internal void Add(LanczosIteration iteration) => iterations.Add(iteration);
}
