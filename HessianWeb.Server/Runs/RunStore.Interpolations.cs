using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>Loss interpolations: their points, read from the events, and requests for finished runs, queued as analyses.</summary>
public sealed partial class RunStore
{
    /// <summary>The run's lines in the order they began, each line's points in α order (one per index, the latest kept).</summary>
    public async Task<IReadOnlyList<InterpolationCurve>> GetInterpolationsAsync(Guid id, CancellationToken ct = default) =>
        (await PayloadsAsync(id, RunEventKind.Interpolation, e => e.Interpolation, ct))
            .GroupBy(p => p.Label)
            .Select(g => new InterpolationCurve(g.Key, g.GroupBy(p => p.Index).Select(i => i.Last()).OrderBy(p => p.Index).ToList()))
            .ToList();

    /// <summary>
    /// Queues the line as an analysis of <paramref name="runId"/> labelled "from→to", or "from→to·N" (N from 2) when the run
    /// has that label already, among its analyses or its spec's interpolations.
    /// </summary>
    public async Task<AnalysisSummary> QueueInterpolationAsync(
        Guid runId, InterpolationSpec line, (Guid Run, string Checkpoint) from, (Guid Run, string Checkpoint) to, AnalysisSpec analysis,
        CancellationToken ct = default)
    {
        var drawn = (await GetInterpolationsAsync(runId, ct)).Select(c => c.Label).ToHashSet();
        AnalysisRecord record;
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var labels = (await db.Analyses.AsNoTracking().Where(a => a.RunId == runId).Select(a => a.Label).ToListAsync(ct)).ToHashSet();
            labels.UnionWith(drawn);
            var label = line.Label;
            for (var n = 2; labels.Contains(label); n++) label = $"{line.Label}·{n}";
            record = new AnalysisRecord
            {
                Id = Guid.CreateVersion7(),
                RunId = runId,
                Checkpoint = from.Checkpoint,
                Label = label,
                AnalysisJson = SpecJson.Serialize(analysis),
                Status = AnalysisStatus.Queued,
                CreatedAt = DateTime.UtcNow,
            };
            db.Analyses.Add(record);
            db.Interpolations.Add(new InterpolationRecord
            {
                Id = record.Id,
                RunId = runId,
                FromRunId = from.Run,
                FromCheckpoint = from.Checkpoint,
                ToRunId = to.Run,
                ToCheckpoint = to.Checkpoint,
                LineJson = SpecJson.Serialize(line),
            });
            await db.SaveChangesAsync(ct);
        }
        finally { writeLock.Release(); }
        notifier.PublishRunListChanged();
        return AnalysisSummary.From(record);
    }

    /// <summary>What the worker needs for a queued interpolation besides θ_A: the line and θ_B; null for a plain analysis.</summary>
    async Task<(Guid FromRun, InterpolationAssignment Assignment)?> InterpolationOfAsync(RunsDbContext db, Guid analysisId, CancellationToken ct)
    {
        var record = await db.Interpolations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == analysisId, ct);
        if (record is null) return null;
        var to = await FindWeightsAsync(record.ToRunId, record.ToCheckpoint, ct)
            ?? throw new InvalidOperationException($"run {record.ToRunId} has no weights artifact for '{record.ToCheckpoint}'");
        return (record.FromRunId, new InterpolationAssignment(SpecJson.Deserialize<InterpolationSpec>(record.LineJson)!, await Artifacts.ReferenceAsync(record.ToRunId, to, ct)));
    }
}
