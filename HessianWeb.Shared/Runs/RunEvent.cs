namespace HessianWeb.Shared.Runs;

public enum RunEventKind { Status, Epoch, Lanczos, Spectrum }

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
}

/// <param name="Error">Why a run failed or diverged, in words.</param>
/// <param name="ParameterCount">Set once the worker has built the model.</param>
public sealed record StatusChange(RunStatus Status, RunPhase? Phase = null, string? Error = null, long? ParameterCount = null);

public sealed record EpochMetrics(
    int Epoch, double TrainLoss, double TrainAccuracy, double? TestLoss, double? TestAccuracy, double GradNorm);

public static class Checkpoints
{
    public const string Init = "init";
    public const string End = "end";
}

public static class SpectrumMethods
{
    public const string Lanczos = "lanczos";
    public const string Exact = "exact";
}

/// <summary>
/// The state of Lanczos after one iteration: every Ritz value (descending) with its residual bound
/// |β_m·s_{m,i}|, and the Hessian-vector products used so far.
/// </summary>
public sealed record LanczosIteration(
    string Checkpoint, int Iteration, double[] RitzValues, double[] ResidualBounds, int HvpCount);

/// <summary>
/// A finished spectrum. Eigenvalues are descending. For Lanczos: the residual bound and converged flag
/// of each reported eigenvalue and the Hessian-vector products used.
/// </summary>
public sealed record SpectrumResult(
    string Checkpoint,
    string Method,
    double[] Eigenvalues,
    double[]? ResidualBounds = null,
    bool[]? Converged = null,
    int? HvpCount = null,
    int? Iterations = null,
    double? Seconds = null);
