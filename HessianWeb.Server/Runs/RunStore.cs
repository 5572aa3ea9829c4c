using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>
/// The only writer of runs and their events. Events are stored idempotently by (run, sequence);
/// each stored event also updates the run's summary row in the same transaction.
/// </summary>
public sealed class RunStore(IDbContextFactory<RunsDbContext> dbFactory, RunNotifier notifier, ILogger<RunStore> logger)
{
    // SQLite has one writer anyway; one lock keeps "read LastSequence, write LastSequence + 1" atomic
    // between the hub (worker events) and the server's own status events (cancel, lost worker).
    readonly SemaphoreSlim writeLock = new(1, 1);

    public async Task<RunSummary> CreateAsync(ExperimentSpec spec, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        var queued = StatusEvent(id, 1, new StatusChange(RunStatus.Queued));
        var record = new RunRecord
        {
            Id = id,
            Name = spec.Name.Trim(),
            Status = RunStatus.Queued,
            SpecJson = SpecJson.Serialize(spec),
            CreatedAt = DateTime.UtcNow,
            ParameterCount = SpecLimits.ParameterCount(spec),
            LastSequence = 1,
        };
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Runs.Add(record);
            db.RunEvents.Add(ToRecord(queued));
            await db.SaveChangesAsync(ct);
        }
        finally { writeLock.Release(); }
        notifier.Publish([queued]);
        return RunSummary.From(record);
    }

    public async Task<RunSummary?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return record is null ? null : RunSummary.From(record);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Runs.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(take).ToListAsync(ct);
        return records.Select(RunSummary.From).ToList();
    }

    public async Task<IReadOnlyList<RunEvent>> GetEventsAsync(Guid id, long after = 0, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.RunEvents.AsNoTracking()
            .Where(e => e.RunId == id && e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Json)
            .ToListAsync(ct);
        return rows.Select(json => SpecJson.Deserialize<RunEvent>(json)!).ToList();
    }

    public async Task<IReadOnlyList<SpectrumResult>> GetSpectraAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.RunEvents.AsNoTracking()
            .Where(e => e.RunId == id && e.Kind == RunEventKind.Spectrum)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Json)
            .ToListAsync(ct);
        return rows.Select(json => SpecJson.Deserialize<RunEvent>(json)!.Spectrum!).ToList();
    }

    /// <summary>The oldest queued run that no worker has been given yet.</summary>
    public async Task<RunSummary?> NextUnassignedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued && r.WorkerName == null)
            .OrderBy(r => r.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return record is null ? null : RunSummary.From(record);
    }

    public async Task MarkAssignedAsync(Guid id, string? workerName, CancellationToken ct = default)
    {
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.WorkerName, workerName), ct);
        }
        finally { writeLock.Release(); }
        notifier.PublishRunListChanged();
    }

    /// <summary>Stores the events not seen before, in order, and returns those it stored.</summary>
    public async Task<IReadOnlyList<RunEvent>> AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken ct = default)
    {
        var stored = new List<RunEvent>();
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            foreach (var group in events.GroupBy(e => e.RunId))
            {
                var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == group.Key, ct);
                if (run is null)
                {
                    logger.LogWarning("Dropped {Count} events of unknown run {RunId}", group.Count(), group.Key);
                    continue;
                }
                foreach (var e in group.OrderBy(e => e.Sequence))
                {
                    if (e.Sequence <= run.LastSequence) continue; // a replay: already stored
                    if (run.Status.IsTerminal())
                    {
                        logger.LogWarning("Ignored event {Sequence} of run {RunId}: the run already ended as {Status}", e.Sequence, run.Id, run.Status);
                        continue;
                    }
                    if (e.Sequence != run.LastSequence + 1)
                        logger.LogWarning("Gap in run {RunId}: event {Sequence} after {Last}", run.Id, e.Sequence, run.LastSequence);
                    db.RunEvents.Add(ToRecord(e));
                    Apply(run, e);
                    stored.Add(e);
                }
            }
            await db.SaveChangesAsync(ct);
        }
        finally { writeLock.Release(); }
        if (stored.Count > 0) notifier.Publish(stored);
        return stored;
    }

    /// <summary>
    /// The server's own word on a run (cancelled while queued, worker lost, server restarted):
    /// appended as the run's next event unless the run already ended. Returns whether it applied.
    /// </summary>
    public async Task<bool> EndAsync(Guid id, RunStatus status, string? error, CancellationToken ct = default)
    {
        RunEvent? stored = null;
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (run is null || run.Status.IsTerminal()) return false;
            stored = StatusEvent(id, run.LastSequence + 1, new StatusChange(status, Error: error));
            db.RunEvents.Add(ToRecord(stored));
            Apply(run, stored);
            await db.SaveChangesAsync(ct);
        }
        finally { writeLock.Release(); }
        notifier.Publish([stored]);
        return true;
    }

    /// <summary>Runs that were on a worker when the server stopped cannot be resumed: say so.</summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interrupted = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running || (r.Status == RunStatus.Queued && r.WorkerName != null))
            .Select(r => new { r.Id, r.WorkerName })
            .ToListAsync(ct);
        foreach (var run in interrupted)
            await EndAsync(run.Id, RunStatus.Failed,
                $"The server restarted while worker '{run.WorkerName}' had this run; its work since the last stored event is lost.", ct);
        return interrupted.Count;
    }

    static void Apply(RunRecord run, RunEvent e)
    {
        run.LastSequence = Math.Max(run.LastSequence, e.Sequence);
        switch (e.Kind)
        {
            case RunEventKind.Status when e.Status is { } s:
                run.Status = s.Status;
                run.Phase = s.Status == RunStatus.Running ? s.Phase : null;
                if (s.Status == RunStatus.Running) run.StartedAt ??= DateTime.UtcNow;
                if (s.Status.IsTerminal()) run.EndedAt = DateTime.UtcNow;
                if (s.Error is not null) run.Error = s.Error;
                if (s.ParameterCount is { } m) run.ParameterCount = m;
                break;
            case RunEventKind.Epoch when e.Epoch is { } epoch:
                run.LatestMetricsJson = SpecJson.Serialize(epoch);
                break;
            case RunEventKind.Spectrum when e.Spectrum is { Eigenvalues.Length: > 0 } spectrum:
                run.TopEigenvalue = spectrum.Eigenvalues[0];
                break;
        }
    }

    static RunEvent StatusEvent(Guid id, long sequence, StatusChange status) =>
        new() { RunId = id, Sequence = sequence, Kind = RunEventKind.Status, Status = status };

    static RunEventRecord ToRecord(RunEvent e) =>
        new() { RunId = e.RunId, Sequence = e.Sequence, Kind = e.Kind, Json = SpecJson.Serialize(e) };
}
