using HessianWeb.Shared;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Analyses;

/// <summary>
/// New analyses of saved checkpoints: queued beside runs, started by re-opening their completed run. The writes take the
/// store's write lock (<see cref="RunStore.WriteAsync"/>): labels are read, then written, and starting appends the run's
/// next event.
/// </summary>
public sealed class AnalysisQueue(
    IDbContextFactory<RunsDbContext> dbFactory, RunStore store, RunResults results, ArtifactFiles artifacts, RunNotifier notifier,
    ILogger<AnalysisQueue> logger)
{
    /// <summary>
    /// Queues an analysis of <paramref name="checkpoint"/> labelled "&lt;checkpoint&gt;·N", N = 2 for the first
    /// (the run's own analysis of the checkpoint is the first), unique within the run.
    /// </summary>
    public Task<AnalysisSummary> QueueAnalysisAsync(Guid runId, string checkpoint, AnalysisSpec analysis, CancellationToken ct = default) =>
        QueueAsync(runId, checkpoint, analysis, Numbered(checkpoint, bareFirst: false), new HashSet<string>(), (_, _) => { }, ct);

    /// <summary>
    /// Queues an analysis of the run under the first of <paramref name="labels"/> that neither its analyses nor
    /// <paramref name="taken"/> use, with what <paramref name="alongside"/> adds (an interpolation's line) in the same
    /// transaction.
    /// </summary>
    internal async Task<AnalysisSummary> QueueAsync(Guid runId, string checkpoint, AnalysisSpec analysis, IEnumerable<string> labels,
        IReadOnlySet<string> taken, Action<RunsDbContext, AnalysisRecord> alongside, CancellationToken ct)
    {
        var record = await store.WriteAsync(async db =>
        {
            var used = (await db.Analyses.AsNoTracking().Where(a => a.RunId == runId).Select(a => a.Label).ToListAsync(ct)).ToHashSet();
            used.UnionWith(taken);
            var record = new AnalysisRecord
            {
                Id = Guid.CreateVersion7(),
                RunId = runId,
                Checkpoint = checkpoint,
                Label = labels.First(label => !used.Contains(label)),
                AnalysisJson = JsonFormat.Serialize(analysis),
                Status = AnalysisStatus.Queued,
                CreatedAt = DateTime.UtcNow,
            };
            db.Analyses.Add(record);
            alongside(db, record);
            await db.SaveChangesAsync(ct);
            return record;
        }, ct);
        notifier.PublishRunListChanged();
        return AnalysisSummary.From(record);
    }

    /// <summary>"name·2", "name·3", …, after <paramref name="name"/> itself when <paramref name="bareFirst"/>.</summary>
    internal static IEnumerable<string> Numbered(string name, bool bareFirst)
    {
        if (bareFirst) yield return name;
        for (var n = 2; ; n++) yield return $"{name}·{n}";
    }

    /// <summary>
    /// Whether the run takes a new analysis now: it has completed, or it is analysing an earlier request (the new one
    /// waits its turn).
    /// </summary>
    public async Task<bool> TakesAnalysesAsync(RunSummary run, CancellationToken ct = default) =>
        run.Status == RunStatus.Completed
        || run.Status == RunStatus.Running && (await GetAnalysesAsync(run.Id, ct)).Any(a => a.Status == AnalysisStatus.Running);

    /// <summary>Oldest first.</summary>
    public async Task<IReadOnlyList<AnalysisSummary>> GetAnalysesAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Analyses.AsNoTracking().Where(a => a.RunId == runId).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return records.Select(AnalysisSummary.From).ToList();
    }

    public async Task<AnalysisSummary?> GetAnalysisAsync(Guid analysisId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Analyses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == analysisId, ct);
        return record is null ? null : AnalysisSummary.From(record);
    }

    /// <summary>The oldest queued analysis whose run is completed (one analysis of a run at a time: they share its sequence).</summary>
    public async Task<AnalysisSummary?> NextQueuedAnalysisAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Analyses.AsNoTracking()
            .Where(a => a.Status == AnalysisStatus.Queued && db.Runs.Any(r => r.Id == a.RunId && r.Status == RunStatus.Completed))
            .OrderBy(a => a.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return record is null ? null : AnalysisSummary.From(record);
    }

    /// <summary>
    /// Re-opens the analysis's run with the server's own Running/Analysing event (a completed run takes no
    /// events) and returns what to send the worker, whose events follow that one. Null when the analysis is no
    /// longer queued, its run is not completed, or its weights cannot be read (then the analysis fails, saying why).
    /// Server instance <paramref name="heldBy"/> holds the run from then on.
    /// </summary>
    public Task<AnalysisAssignment?> StartAnalysisAsync(Guid analysisId, string workerName, Guid heldBy, CancellationToken ct = default) =>
        store.WriteAsync<AnalysisAssignment?>(async db =>
        {
            var analysis = await db.Analyses.FirstOrDefaultAsync(a => a.Id == analysisId && a.Status == AnalysisStatus.Queued, ct);
            if (analysis is null || !await ClaimRunAsync(db, analysis.RunId, heldBy, ct)) return null;
            try { return await StartClaimedAsync(db, analysis, workerName, ct); }
            catch
            {
                await db.Runs.Where(r => r.Id == analysis.RunId && r.Status == RunStatus.Completed && r.Phase == RunPhase.Analysing)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Phase, (RunPhase?)null), CancellationToken.None);
                throw;
            }
        }, ct);

    /// <summary>
    /// Marks the completed run as being re-opened, as one compare-and-set on its row (a completed run has no phase), so that
    /// of the instances sharing the store only one starts an analysis of it at a time.
    /// </summary>
    static async Task<bool> ClaimRunAsync(RunsDbContext db, Guid runId, Guid heldBy, CancellationToken ct) =>
        await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Completed && r.Phase == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Phase, RunPhase.Analysing).SetProperty(r => r.HeldBy, heldBy), ct) > 0;

    async Task<AnalysisAssignment?> StartClaimedAsync(RunsDbContext db, AnalysisRecord analysis, string workerName, CancellationToken ct)
    {
        var run = await db.Runs.FirstAsync(r => r.Id == analysis.RunId, ct);

        ArtifactReference weights;
        (Guid FromRun, InterpolationAssignment Assignment)? interpolation;
        try
        {
            interpolation = await InterpolationOfAsync(db, analysis.Id, ct);
            var fromRun = interpolation?.FromRun ?? run.Id;
            var saved = await results.FindWeightsAsync(fromRun, analysis.Checkpoint, ct)
                ?? throw new InvalidOperationException("the run has no weights artifact for it");
            weights = await artifacts.ReferenceAsync(fromRun, saved, ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            analysis.Status = AnalysisStatus.Failed;
            // The message names the file (ArtifactFiles.ReadTensorsAsync, or the IOException's path).
            analysis.Error = $"The saved weights of checkpoint '{analysis.Checkpoint}' could not be read: {ex.Message}";
            analysis.EndedAt = DateTime.UtcNow;
            run.Phase = null; // completed as it was
            await db.SaveChangesAsync(ct);
            logger.LogError("Analysis {Label} of run {RunId} failed: {Error}", analysis.Label, run.Id, analysis.Error);
            return null;
        }

        run.Error = null; // an earlier analysis's error stays in its event and its analysis row
        run.WorkerName = workerName;
        analysis.Status = AnalysisStatus.Running;
        analysis.StartedAt = DateTime.UtcNow;
        analysis.WorkerName = workerName;
        analysis.FirstSequence = run.LastSequence + 1;
        // Saved with the changes above, in one transaction.
        var reopened = await store.AppendStatusAsync(db, run, new StatusChange(RunStatus.Running, RunPhase.Analysing), ct);

        var spec = JsonFormat.Deserialize<ExperimentSpec>(run.SpecJson)! with { Analysis = JsonFormat.Deserialize<AnalysisSpec>(analysis.AnalysisJson)! };
        return new AnalysisAssignment(run.Id, analysis.Id, spec, analysis.Checkpoint, analysis.Label, weights, reopened.Sequence + 1)
        {
            Interpolation = interpolation?.Assignment,
            Uploads = await Uploads.UploadReferences.OfAsync(db, spec, ct),
        };
    }

    /// <summary>What the worker needs for a queued interpolation besides θ_A: the line and θ_B; null for a plain analysis.</summary>
    async Task<(Guid FromRun, InterpolationAssignment Assignment)?> InterpolationOfAsync(RunsDbContext db, Guid analysisId, CancellationToken ct)
    {
        var record = await db.Interpolations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == analysisId, ct);
        if (record is null) return null;
        var to = await results.FindWeightsAsync(record.ToRunId, record.ToCheckpoint, ct)
            ?? throw new InvalidOperationException($"run {record.ToRunId} has no weights artifact for '{record.ToCheckpoint}'");
        return (record.FromRunId, new InterpolationAssignment(JsonFormat.Deserialize<InterpolationSpec>(record.LineJson)!, await artifacts.ReferenceAsync(record.ToRunId, to, ct)));
    }
}
