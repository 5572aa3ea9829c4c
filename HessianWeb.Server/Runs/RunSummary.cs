using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs;

/// <summary>What <c>GET /api/runs/{id}</c> returns and what the pages show.</summary>
public sealed record RunSummary(
    Guid Id,
    string Name,
    RunStatus Status,
    RunPhase? Phase,
    string? Error,
    ExperimentSpec Spec,
    long? ParameterCount,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? EndedAt,
    EpochMetrics? LatestMetrics,
    double? TopEigenvalue,
    string? Worker,
    long LastSequence)
{
    // The runs list's columns and the user's annotations (init-only, so existing constructions stay as they are).
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Note { get; init; }
    public bool Archived { get; init; }
    public Guid? SweepId { get; init; }
    public double? FinalTrainLoss { get; init; }
    public double? FinalTrainAccuracy { get; init; }
    public double? FinalTestAccuracy { get; init; }
    public int? EndOutlierCount { get; init; }
    public double? EndTrace { get; init; }
    /// <summary>Who launched it (null: from before accounts).</summary>
    public string? LaunchedBy { get; init; }

    internal static RunSummary From(RunRecord r) => new(
        r.Id, r.Name, r.Status, r.Phase, r.Error,
        JsonFormat.Deserialize<ExperimentSpec>(r.SpecJson)!,
        r.ParameterCount,
        DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc),
        r.StartedAt is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : null,
        r.EndedAt is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null,
        r.LatestMetricsJson is null ? null : JsonFormat.Deserialize<EpochMetrics>(r.LatestMetricsJson),
        r.TopEigenvalue, r.WorkerName, r.LastSequence)
    {
        Tags = Listing.RunTags.Decode(r.Tags),
        Note = r.Note,
        Archived = r.Archived,
        SweepId = r.SweepId,
        FinalTrainLoss = r.FinalTrainLoss,
        FinalTrainAccuracy = r.FinalTrainAccuracy,
        FinalTestAccuracy = r.FinalTestAccuracy,
        EndOutlierCount = r.EndOutlierCount,
        EndTrace = r.EndTrace,
        LaunchedBy = r.LaunchedBy,
    };
}
