using HessianWeb.Server.Runs.ClassStructure;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>A run's summary and results, read from its stored events in the order they happened.</summary>
public sealed class RunResults(IDbContextFactory<RunsDbContext> dbFactory)
{
    public async Task<RunSummary?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return record is null ? null : RunSummary.From(record);
    }

    public async Task<IReadOnlyList<RunEvent>> GetEventsAsync(Guid id, long after = 0, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadAsync(db, db.RunEvents.Where(e => e.RunId == id && e.Sequence > after), ct);
    }

    /// <summary>
    /// Several runs with their results of the given kinds, in two queries however many runs (a sweep's panels); runs that
    /// do not exist are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, RunResultSet>> GetManyAsync(
        IReadOnlyCollection<Guid> ids, IReadOnlyCollection<RunEventKind> kinds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var events = await EventsOfAsync(db, ids, kinds, ct);
        return runs.ToDictionary(r => r.Id, r => new RunResultSet(RunSummary.From(r), events.GetValueOrDefault(r.Id) ?? []));
    }

    /// <summary>The training curve: every epoch's metrics in the order they came, labelled by phase in a phased run.</summary>
    public Task<IReadOnlyList<EpochMetrics>> GetEpochsAsync(Guid id, CancellationToken ct = default) =>
        PayloadsAsync(id, RunEventKind.Epoch, e => e.Epoch, ct);

    public Task<IReadOnlyList<SpectrumResult>> GetSpectraAsync(Guid id, CancellationToken ct = default) =>
        PayloadsAsync(id, RunEventKind.Spectrum, e => e.Spectrum, ct);

    public Task<IReadOnlyList<DensityResult>> GetDensitiesAsync(Guid id, CancellationToken ct = default) =>
        PayloadsAsync(id, RunEventKind.Density, e => e.Density, ct);

    public Task<IReadOnlyList<TraceResult>> GetTracesAsync(Guid id, CancellationToken ct = default) =>
        PayloadsAsync(id, RunEventKind.Trace, e => e.Trace, ct);

    public Task<IReadOnlyList<OutlierResult>> GetOutliersAsync(Guid id, CancellationToken ct = default) =>
        PayloadsAsync(id, RunEventKind.Outliers, e => e.Outliers, ct);

    /// <summary>G's class/cross-class structure, one per analysed checkpoint.</summary>
    public Task<IReadOnlyList<ClassStructureResult>> GetClassStructuresAsync(Guid id, CancellationToken ct = default) =>
        PayloadsAsync(id, RunEventKind.ClassStructure, e => e.ClassStructure, ct);

    /// <summary>Per checkpoint, the measured outliers and top eigenvalues of H and G beside the class structure's prediction.</summary>
    public async Task<IReadOnlyList<CheckpointOutliers>> GetOutlierPredictionsAsync(Guid id, CancellationToken ct = default) =>
        OutlierPrediction.Build(await GetSpectraAsync(id, ct), await GetOutliersAsync(id, ct), await GetClassStructuresAsync(id, ct));

    /// <summary>The run's artifacts whose files were kept, without their bytes (read those with <see cref="ArtifactFiles"/>).</summary>
    public async Task<IReadOnlyList<ArtifactResult>> GetArtifactsAsync(Guid id, CancellationToken ct = default) =>
        (await PayloadsAsync(id, RunEventKind.Artifact, e => e.Artifact, ct)).Where(a => a.File is not null).ToList();

    /// <summary>The checkpoints with saved weights, in training order: what a new analysis can start from.</summary>
    public async Task<IReadOnlyList<ArtifactResult>> GetCheckpointsAsync(Guid id, CancellationToken ct = default) =>
        (await GetArtifactsAsync(id, ct)).Where(a => a.Kind == ArtifactKinds.Weights).ToList();

    /// <summary>The latest saved weights of <paramref name="checkpoint"/>, if any.</summary>
    public async Task<ArtifactResult?> FindWeightsAsync(Guid id, string checkpoint, CancellationToken ct = default) =>
        (await GetCheckpointsAsync(id, ct)).LastOrDefault(a => a.Checkpoint == checkpoint);

    /// <summary>The payloads of one kind of the run's events, in order (also the interpolations' points: Interpolations/RunInterpolations).</summary>
    internal async Task<IReadOnlyList<T>> PayloadsAsync<T>(Guid id, RunEventKind kind, Func<RunEvent, T?> payload, CancellationToken ct) where T : class
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = await ReadAsync(db, db.RunEvents.Where(e => e.RunId == id && e.Kind == kind), ct);
        return events.Select(payload).OfType<T>().ToList();
    }

    /// <summary>The runs' events of the given kinds in one query, each run's in sequence order (also the sweep summary's: Sweeps/SweepStore).</summary>
    internal static async Task<Dictionary<Guid, List<RunEvent>>> EventsOfAsync(
        RunsDbContext db, IReadOnlyCollection<Guid> runIds, IReadOnlyCollection<RunEventKind> kinds, CancellationToken ct)
    {
        var events = await ReadAsync(db, db.RunEvents.Where(e => runIds.Contains(e.RunId) && kinds.Contains(e.Kind)), ct);
        return events.GroupBy(e => e.RunId).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The events <paramref name="stored"/> selects, in sequence order.</summary>
    static Task<List<RunEvent>> ReadAsync(RunsDbContext db, IQueryable<RunEventRecord> stored, CancellationToken ct) =>
        StoredEvents.ReadAsync(db, stored.AsNoTracking().OrderBy(e => e.Sequence).Select(e => e.Json), ct);
}
