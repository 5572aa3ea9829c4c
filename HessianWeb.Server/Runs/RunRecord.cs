using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>A run as stored: its spec and a summary kept current as its events arrive.</summary>
public sealed class RunRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public RunStatus Status { get; set; }
    public RunPhase? Phase { get; set; }
    public required string SpecJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? Error { get; set; }
    public long? ParameterCount { get; set; }
    /// <summary>The latest <see cref="EpochMetrics"/> as JSON.</summary>
    public string? LatestMetricsJson { get; set; }
    /// <summary>Largest eigenvalue at the latest checkpoint (exact when computed, else Lanczos).</summary>
    public double? TopEigenvalue { get; set; }
    public string? WorkerName { get; set; }
    /// <summary>
    /// The server instance whose worker has the run (Workers/ServerInstances): it alone may end the run for a lost worker,
    /// and when it stops beating, another instance settles the run. Null while the run waits, and for runs from before.
    /// </summary>
    public Guid? HeldBy { get; set; }
    /// <summary>The user name of whoever launched it (null: from before accounts).</summary>
    public string? LaunchedBy { get; set; }
    /// <summary>Highest sequence number stored; the next event must carry LastSequence + 1.</summary>
    public long LastSequence { get; set; }
    /// <summary>The sweep that created this run, if any (see Sweeps/).</summary>
    public Guid? SweepId { get; set; }
    /// <summary>The run's place in its sweep's grid (row-major, first axis outermost).</summary>
    public int? SweepIndex { get; set; }
    /// <summary>The sweep's axis values at this run, a JSON object keyed by field path: <c>{"data.classes":3}</c>.</summary>
    public string? SweepPointJson { get; set; }

    // The runs list's columns, denormalised as results arrive (RunListColumns) so that 10,000 runs sort and
    // page in SQL instead of by reading every run's events.
    public double? FinalTrainLoss { get; set; }
    public double? FinalTrainAccuracy { get; set; }
    public double? FinalTestAccuracy { get; set; }
    /// <summary>Hessian eigenvalues above the bulk at checkpoint "end".</summary>
    public int? EndOutlierCount { get; set; }
    /// <summary>tr(H) at checkpoint "end", from the best method reported (<see cref="EndTraceMethod"/>).</summary>
    public double? EndTrace { get; set; }
    public string? EndTraceMethod { get; set; }

    /// <summary>The run's tags as "|a|b|", so one LIKE '%|tag|%' finds a tag (see RunTags).</summary>
    public string Tags { get; set; } = "";
    /// <summary>The user's markdown note.</summary>
    public string? Note { get; set; }
    /// <summary>Hidden from the runs list unless asked for; restorable.</summary>
    public bool Archived { get; set; }
    /// <summary>A queued run's place as set on the workers page; runs without one follow, oldest first.</summary>
    public long? QueueRank { get; set; }
}

/// <summary>One stored <see cref="RunEvent"/>; the key (RunId, Sequence) makes storing idempotent.</summary>
public sealed class RunEventRecord
{
    public Guid RunId { get; set; }
    public long Sequence { get; set; }
    public RunEventKind Kind { get; set; }
    public required string Json { get; set; }
}
