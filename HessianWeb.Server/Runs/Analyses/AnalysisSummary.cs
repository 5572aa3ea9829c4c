using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs.Analyses;

/// <summary>What <c>GET /api/runs/{id}/analyses</c> lists and the run page shows.</summary>
public sealed record AnalysisSummary(
    Guid Id,
    Guid RunId,
    string Checkpoint,
    string Label,
    AnalysisStatus Status,
    AnalysisSpec Analysis,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? EndedAt,
    string? Worker,
    string? Error)
{
    internal static AnalysisSummary From(AnalysisRecord r) => new(
        r.Id, r.RunId, r.Checkpoint, r.Label, r.Status,
        JsonFormat.Deserialize<AnalysisSpec>(r.AnalysisJson)!,
        DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc),
        r.StartedAt is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : null,
        r.EndedAt is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null,
        r.WorkerName, r.Error);
}
