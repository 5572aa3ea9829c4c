using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Shared.Hubs;

/// <summary>Where the worker hub is mapped on the server.</summary>
public static class ComputeHubRoute
{
    public const string Path = "/hubs/compute";

    /// <summary>
    /// The largest message the server takes from a worker. The hub carries small messages only: an exact spectrum of
    /// 10,000 eigenvalues is about 250 kB of JSON, a Lanczos iteration at 10,000 steps about 500 kB, a density at most
    /// <see cref="SpecLimits.MaxDensityValues"/> values (about 3 MB). Arrays (data, weights, eigenvectors) travel over
    /// <see cref="ArtifactRoutes"/>, so a bulk message that slips in fails loudly instead of passing.
    /// </summary>
    public const long MaxMessageBytes = 4L << 20;
}

/// <summary>Server → worker. One record per method, so adding a property stays compatible.</summary>
public interface IComputeWorker
{
    Task AssignRun(RunAssignment assignment);
    Task CancelRun(RunCancellation cancellation);

    /// <summary>Analyse a saved checkpoint of a finished run again (as the assignment's spec says).</summary>
    Task AnalyseCheckpoint(AnalysisAssignment assignment);
}

/// <summary>Worker → server.</summary>
public interface IComputeHub
{
    Task Register(WorkerRegistration registration);

    /// <summary>Returns once the events are stored, so the worker may forget them.</summary>
    Task ReportEvents(RunEventBatch batch);
}

/// <param name="NextSequence">The sequence number the worker's first event for this run must carry.</param>
public sealed record RunAssignment(Guid RunId, ExperimentSpec Spec, long NextSequence = 1)
{
    /// <summary>The uploads the spec names (data.file, model.file, model.weights), for the worker to download and check.</summary>
    public IReadOnlyList<UploadReference> Uploads { get; init; } = [];
}

/// <summary>
/// An uploaded file a run needs: the worker downloads it from <see cref="UploadRoutes.WorkerDownload"/> once, keeps it by
/// its SHA-256, and checks length and hash before use.
/// </summary>
public sealed record UploadReference(Guid Id, UploadKind Kind, string Sha256, long Bytes);

public sealed record RunCancellation(Guid RunId);

/// <summary>
/// A new analysis of a saved checkpoint: rebuild the run's data and model from <see cref="Spec"/>, download and load
/// <see cref="Weights"/> (the weights artifact's file), analyse as <c>Spec.Analysis</c> says and report
/// the results under <see cref="Label"/> as their checkpoint. The worker reports Running/Analysing first and
/// Completed last; a failure is reported as Completed with the error in words (the run's training stands).
/// </summary>
public sealed record AnalysisAssignment(
    Guid RunId, Guid AnalysisId, ExperimentSpec Spec, string Checkpoint, string Label,
    ArtifactReference Weights, long NextSequence)
{
    /// <summary>
    /// Set for a loss interpolation instead of a curvature analysis: <see cref="Weights"/> are θ_A (α = 0), these
    /// θ_B's, and the points are reported under <see cref="Label"/>.
    /// </summary>
    public InterpolationAssignment? Interpolation { get; init; }

    /// <summary>The uploads the spec names, as for a <see cref="RunAssignment"/>.</summary>
    public IReadOnlyList<UploadReference> Uploads { get; init; } = [];
}

/// <param name="Line">The α grid and whether to take the top eigenvalue; its From and To name the two ends in words.</param>
/// <param name="To">θ_B: the weights artifact's file.</param>
public sealed record InterpolationAssignment(InterpolationSpec Line, ArtifactReference To);

/// <param name="ProcessId">Information only: every container's worker is pid 1, so the server tells workers apart by <see cref="WorkerId"/>.</param>
/// <param name="CurrentRunId">A run the worker is still busy with or was given (after a reconnect, or a server restart): the worker claims it.</param>
/// <param name="MemoryBytes">The memory the worker's process may use (the machine's, or its container's limit).</param>
public sealed record WorkerRegistration(
    string Name, string Device, int Threads, int ProcessId, string Version, Guid? CurrentRunId = null, long? MemoryBytes = null)
{
    /// <summary>
    /// Made by the worker process when it starts and kept across its reconnects: who this worker is. Empty from a
    /// worker older than this property (the server then makes one for the connection).
    /// </summary>
    public Guid WorkerId { get; init; }
}

public sealed record RunEventBatch(IReadOnlyList<RunEvent> Events);
