namespace HessianWeb.Shared.Runs;

public enum RunEventKind { Status, Epoch, Lanczos, Spectrum, Density, Trace, Outliers, Artifact, Interpolation, ClassStructure }

/// <summary>
/// One thing a run produced. <see cref="Sequence"/> counts from 1 per run with no gaps, so the server
/// stores events idempotently (a replayed sequence number is ignored) and a gap is visible.
/// Exactly one payload field is set, the one <see cref="Kind"/> names.
/// </summary>
public sealed record RunEvent
{
    public required Guid RunId { get; init; }
    public required long Sequence { get; init; }
    public required RunEventKind Kind { get; init; }
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;
    public StatusChange? Status { get; init; }
    public EpochMetrics? Epoch { get; init; }
    public LanczosIteration? Lanczos { get; init; }
    public SpectrumResult? Spectrum { get; init; }
    public DensityResult? Density { get; init; }
    public TraceResult? Trace { get; init; }
    public OutlierResult? Outliers { get; init; }
    public ArtifactResult? Artifact { get; init; }
    public InterpolationPoint? Interpolation { get; init; }
    public ClassStructureResult? ClassStructure { get; init; }
}

/// <param name="Error">Why a run failed or diverged, in words.</param>
/// <param name="ParameterCount">Set once the worker has built the model.</param>
public sealed record StatusChange(RunStatus Status, RunPhase? Phase = null, string? Error = null, long? ParameterCount = null);

/// <param name="Epoch">Counted across the whole run: a phase's epochs go on from the previous phase's last one.</param>
/// <param name="Phase">The training phase's name in a phased run (<see cref="Specs.TrainingSpec.Phases"/>); null otherwise.
/// Each phase reports its own epoch 0, at the previous phase's final weights and with that phase's last epoch number.</param>
/// <param name="TestLoss">Null when the run has no test set or did not evaluate it at this epoch (<see cref="Specs.TrainingSpec.TestEvery"/>).</param>
/// <param name="Bucket">Set when this event stands for several consecutive epochs ending at <paramref name="Epoch"/>
/// (<see cref="EpochRecording"/>): the other fields are that last epoch's, exactly; the bucket holds the range's extremes.</param>
public sealed record EpochMetrics(
    int Epoch, double TrainLoss, double TrainAccuracy, double? TestLoss, double? TestAccuracy, double GradNorm, string? Phase = null,
    EpochBucket? Bucket = null);

/// <summary>The epochs FirstEpoch … the event's Epoch, stored as one event: the lowest and highest of each training metric over them.</summary>
public sealed record EpochBucket(
    int FirstEpoch, double TrainLossMin, double TrainLossMax, double TrainAccuracyMin, double TrainAccuracyMax, double GradNormMin, double GradNormMax);

/// <summary>
/// Where in training an analysis was taken: "init", "epoch-N" (every N epochs), "end". In a phased run the epoch
/// checkpoints and the end of every phase but the last carry the phase's name: "lb:epoch-N", "lb:end"; the last phase's
/// end is "end".
/// </summary>
public static class Checkpoints
{
    public const string Init = "init";
    public const string End = "end";
    /// <summary>Between a phase's name and the checkpoint within it.</summary>
    public const char PhaseSeparator = ':';
    public static string AtEpoch(int epoch) => $"epoch-{epoch}";
    /// <summary>"phase:checkpoint", or the checkpoint alone outside a phased run.</summary>
    public static string InPhase(string? phase, string checkpoint) => phase is null ? checkpoint : $"{phase}{PhaseSeparator}{checkpoint}";

    /// <summary>
    /// An interpolation's end at an uploaded model's weights ("upload-&lt;id&gt;"), for a run of an uploaded model: the
    /// line between two models of the same architecture trained elsewhere.
    /// </summary>
    public static string Upload(Guid id) => $"{UploadPrefix}{id}";

    /// <summary>The upload an interpolation end names, if it names one.</summary>
    public static Guid? UploadOf(string? checkpoint) =>
        checkpoint is not null && checkpoint.StartsWith(UploadPrefix, StringComparison.Ordinal) && Guid.TryParse(checkpoint.AsSpan(UploadPrefix.Length), out var id) ? id : null;

    const string UploadPrefix = "upload-";
}

/// <summary>
/// The losses at one point θ(α) = (1 − α)·θ_A + α·θ_B of a straight line between two checkpoints' weights
/// (<see cref="Specs.InterpolationSpec"/>), under the line's <paramref name="Label"/> ("lb:end→end").
/// </summary>
/// <param name="TopEigenvalue">The Hessian's largest eigenvalue at θ(α) by Lanczos, when asked for.</param>
public sealed record InterpolationPoint(
    string Label, int Index, int Points, double Alpha, double TrainLoss, double TrainAccuracy, double? TestLoss, double? TestAccuracy,
    double? TopEigenvalue = null);

/// <summary>Which curvature matrix: the Hessian H, the Gauss–Newton matrix G, or the residual R = H − G.</summary>
public static class CurvatureOperators
{
    public const string Hessian = "hessian";
    public const string GaussNewton = "gaussNewton";
    public const string Residual = "residual";
}

/// <summary>
/// Spectrum methods, and the one place that decides which stored spectrum a number is read from: an exact spectrum
/// (every eigenvalue) over Lanczos's top and bottom k.
/// </summary>
public static class SpectrumMethods
{
    public const string Lanczos = "lanczos";
    public const string Exact = "exact";

    /// <summary>
    /// The spectrum to read an operator's eigenvalues from at a checkpoint: the latest exact one (every eigenvalue),
    /// else the latest Lanczos one; empty spectra are skipped. Null when neither was stored.
    /// </summary>
    public static SpectrumResult? Preferred(IEnumerable<SpectrumResult?> spectra, string? checkpoint, string op)
    {
        var here = At(spectra, checkpoint, op).ToList();
        return here.LastOrDefault(s => s.Method == Exact) ?? here.LastOrDefault();
    }

    /// <summary>The latest non-empty spectrum by one <paramref name="method"/>, for views that show each method's beside the other's.</summary>
    public static SpectrumResult? Latest(IEnumerable<SpectrumResult?> spectra, string? checkpoint, string op, string method) =>
        At(spectra, checkpoint, op).LastOrDefault(s => s.Method == method);

    static IEnumerable<SpectrumResult> At(IEnumerable<SpectrumResult?> spectra, string? checkpoint, string op) =>
        spectra.OfType<SpectrumResult>().Where(s => s.Checkpoint == checkpoint && s.Operator == op && s.Eigenvalues.Length > 0);
}

/// <summary>
/// The state of Lanczos after one iteration: every Ritz value (descending) with its residual bound
/// |β_m·s_{m,i}|, and the Hessian-vector products used so far.
/// </summary>
public sealed record LanczosIteration(
    string Checkpoint, int Iteration, double[] RitzValues, double[] ResidualBounds, int HvpCount,
    string Operator = CurvatureOperators.Hessian)
{
    /// <summary>How many Ritz values the step had; <see cref="RitzValues"/> holds its share of them
    /// (<see cref="RitzValueSample"/>). Null in events stored before the worker sampled: then every value is there.</summary>
    public int? RitzCount { get; init; }
}

/// <summary>
/// A finished spectrum. Eigenvalues are descending (for Lanczos: the top k). For Lanczos: the residual
/// bound and converged flag of each reported eigenvalue, the bottom k (ascending: most negative first)
/// with theirs, and the matrix-vector products used.
/// </summary>
public sealed record SpectrumResult(
    string Checkpoint,
    string Method,
    double[] Eigenvalues,
    double[]? ResidualBounds = null,
    bool[]? Converged = null,
    int? HvpCount = null,
    int? Iterations = null,
    double? Seconds = null,
    string Operator = CurvatureOperators.Hessian,
    double[]? BottomEigenvalues = null,
    double[]? BottomResidualBounds = null,
    bool[]? BottomConverged = null);

/// <summary>
/// A spectral density by stochastic Lanczos quadrature: the mean of the probes' Gaussian-broadened
/// densities on a uniform grid (∫ = 1), and each probe's own density, so the spread shows.
/// </summary>
public sealed record DensityResult(
    string Checkpoint,
    string Operator,
    double[] Grid,
    double[] Density,
    double[][] ProbeDensities,
    double Width,
    int Probes,
    int Steps,
    string Distribution,
    int HvpCount,
    double? Seconds = null);

public static class TraceMethods
{
    public const string Hutchinson = "hutchinson";
    public const string HutchPlusPlus = "hutchPlusPlus";
    public const string Exact = "exact";
}

/// <summary>An estimate of tr(A) with its standard error (0 for the exact trace).</summary>
public sealed record TraceResult(
    string Checkpoint, string Operator, string Method, double Value, double StandardError, int HvpCount);

/// <summary>
/// The eigenvalues standing out above the bulk: the count the data show (never forced to k), the bulk's
/// right edge and how it was found, beside the number of classes k and k − 1.
/// </summary>
/// <param name="Count">The count; when <see cref="NoClearGap"/> it is the rule's weak candidate, not a finding.</param>
/// <param name="Source">"exact" or "lanczos": which eigenvalues were looked at.</param>
/// <param name="LowerBound">Only the top of the spectrum was seen and it limited the count, so it may be higher.</param>
/// <param name="NoClearGap">The evidence was too weak to give a number (no gap passed, the chosen one was below the
/// significance level, or a stronger one lay beyond <see cref="MaxCount"/>). Events stored before the estimator gave
/// evidence lack it and read false, with the evidence fields null: their count stands as it was measured.</param>
/// <param name="GapStatistic">The chosen gap over the calibrated edge spacing.</param>
/// <param name="Threshold">The statistic a gap needs to count (Onatski's 2).</param>
/// <param name="SignificanceLevel">The statistic a pure bulk reaches in about 1 % of draws: below it, no clear gap.</param>
/// <param name="RunnerUpCount">The strongest other count (0: none).</param>
/// <param name="RunnerUpStatistic">Its gap over the same edge spacing.</param>
/// <param name="MaxCount">The most that could be counted (10 % of M, fewer when few eigenvalues were given).</param>
/// <param name="DensityCount">M × the SLQ density's mass above the middle of the chosen gap, where a density was measured.</param>
/// <param name="DensityCountError">Its standard error over the probes.</param>
/// <param name="DensityEdge">The edge the density's mass was split at.</param>
public sealed record OutlierResult(
    string Checkpoint, string Operator, int Count, double BulkEdge, int Classes, double GapRatio,
    string Method, string Source, bool LowerBound,
    bool NoClearGap = false, double? GapStatistic = null, double? Threshold = null, double? SignificanceLevel = null,
    int? RunnerUpCount = null, double? RunnerUpStatistic = null, int? MaxCount = null,
    double? DensityCount = null, double? DensityCountError = null, double? DensityEdge = null)
{
    /// <summary>The count when there is one to report; null for "no clear gap" (shown as —, left out of means).</summary>
    public int? ClearCount => NoClearGap ? null : Count;
}

/// <summary>A tensor as it crosses the wire: little-endian bytes (base64 in JSON), a dtype and a shape.</summary>
/// <param name="Dtype">"float32", "float64" or "int64".</param>
public sealed record NamedTensor(string Name, string Dtype, long[] Shape, byte[]? Data);

public static class ArtifactKinds
{
    /// <summary>The model's weights, named as PyTorch's nn.Sequential names them (0.weight, 0.bias, 2.weight, …).</summary>
    public const string Weights = "weights";
    /// <summary>The training inputs x and integer labels y exactly as used for the Hessian.</summary>
    public const string Data = "data";
    /// <summary>The top Ritz vectors of the Hessian, one row each.</summary>
    public const string Eigenvectors = "eigenvectors";
}

/// <summary>
/// Arrays a run keeps as files (checkpoints, data, eigenvectors): safetensors files under the server's data directory.
/// A worker uploads the file first (<see cref="Artifacts.ArtifactRoutes"/>) and reports this event as a reference: the
/// tensors' names, dtypes and shapes without <see cref="NamedTensor.Data"/>, and the <see cref="File"/>,
/// <see cref="Sha256"/> and <see cref="Length"/> the server answered; the server stores it once it finds that file
/// verified in place. (The server's own callers may still give the bytes: then the server writes the file.)
/// </summary>
/// <param name="File">The file's path relative to the data directory, '/'-separated.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
/// <param name="Length">The file's bytes.</param>
public sealed record ArtifactResult(
    string Checkpoint, string Kind, IReadOnlyList<NamedTensor> Tensors, string? File = null, string? Sha256 = null, long? Length = null);
