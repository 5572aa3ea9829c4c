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
    internal static RunSummary From(RunRecord r) => new(
        r.Id, r.Name, r.Status, r.Phase, r.Error,
        SpecJson.Deserialize<ExperimentSpec>(r.SpecJson)!,
        r.ParameterCount,
        DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc),
        r.StartedAt is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : null,
        r.EndedAt is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null,
        r.LatestMetricsJson is null ? null : SpecJson.Deserialize<EpochMetrics>(r.LatestMetricsJson),
        r.TopEigenvalue, r.WorkerName, r.LastSequence);
}
