using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Workers;

/// <summary>
/// The queue as the scheduler takes from it and the workers page shows and reorders it; which instance holds a run on a
/// worker (<see cref="RunRecord.HeldBy"/>), changed only by compare-and-set updates so that instances sharing the store never
/// give one run twice; the runs that failed lately. The writes take the store's write lock (<see cref="RunStore.WriteAsync"/>):
/// they write run rows that event batches also write.
/// </summary>
public sealed class RunQueue(IDbContextFactory<RunsDbContext> dbFactory, RunStore store, RunNotifier notifier)
{
    /// <summary>
    /// The waiting runs (queued, given to no worker) in the one order workers get them: the places set on the workers page
    /// first, then the oldest.
    /// </summary>
    static IOrderedQueryable<RunRecord> Waiting(IQueryable<RunRecord> runs) => runs
        .Where(r => r.Status == RunStatus.Queued && r.WorkerName == null)
        .OrderBy(r => r.QueueRank == null).ThenBy(r => r.QueueRank).ThenBy(r => r.CreatedAt);

    /// <summary>The oldest queued run that no worker has been given yet.</summary>
    public async Task<RunSummary?> NextUnassignedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await Waiting(db.Runs.AsNoTracking()).FirstOrDefaultAsync(ct);
        return record is null ? null : RunSummary.From(record);
    }

    /// <summary>
    /// The waiting runs (queued, given to no worker) in the order workers get them, a page at a time: the scheduler looks
    /// for the first one a worker can hold (<see cref="Placement.Fits"/>) without reading the whole queue.
    /// </summary>
    public async IAsyncEnumerable<RunSummary> WaitingAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        const int page = 32;
        for (var skip = 0; ; skip += page)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var records = await Waiting(db.Runs.AsNoTracking())
                .Skip(skip).Take(page)
                .ToListAsync(ct);
            foreach (var record in records) yield return RunSummary.From(record);
            if (records.Count < page) yield break;
        }
    }

    /// <summary>
    /// Gives a waiting run to worker <paramref name="workerName"/> of instance <paramref name="instance"/>, as one
    /// compare-and-set on its row: false when it is no longer waiting (another instance's worker won it, or it was cancelled).
    /// </summary>
    public async Task<bool> ClaimAsync(Guid id, string workerName, Guid instance, CancellationToken ct = default)
    {
        var claimed = await store.WriteAsync(db => db.Runs
            .Where(r => r.Id == id && r.Status == RunStatus.Queued && r.WorkerName == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.WorkerName, workerName).SetProperty(r => r.HeldBy, instance), ct), ct);
        if (claimed > 0) notifier.PublishRunListChanged();
        return claimed > 0;
    }

    /// <summary>
    /// A worker registering with its run in hand takes it to <paramref name="instance"/>, whichever instance held it (its
    /// worker moved, or that instance is gone): a running run, or a queued one that is waiting, given to a worker of the same
    /// name, or held by this instance already. False when it ended or went to another worker meanwhile.
    /// </summary>
    public async Task<bool> TakeOverAsync(Guid id, string workerName, Guid instance, CancellationToken ct = default)
    {
        var taken = await store.WriteAsync(db => db.Runs
            .Where(r => r.Id == id && (r.Status == RunStatus.Running
                || r.Status == RunStatus.Queued && (r.WorkerName == null || r.WorkerName == workerName || r.HeldBy == instance)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.WorkerName, r => r.Status == RunStatus.Queued ? workerName : r.WorkerName)
                .SetProperty(r => r.HeldBy, instance), ct), ct);
        if (taken > 0) notifier.PublishRunListChanged();
        return taken > 0;
    }

    /// <summary>
    /// Puts a run that was only given to a worker (not started) back among the waiting, while <paramref name="heldBy"/> still
    /// holds it (null: no instance, a run from before instances): its send failed, or its instance is gone.
    /// </summary>
    public async Task<bool> PutBackAsync(Guid id, Guid? heldBy, CancellationToken ct = default)
    {
        var put = await store.WriteAsync(db => db.Runs
            .Where(r => r.Id == id && r.Status == RunStatus.Queued && r.WorkerName != null && r.HeldBy == heldBy)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.WorkerName, (string?)null).SetProperty(r => r.HeldBy, (Guid?)null), ct), ct);
        if (put > 0) notifier.PublishRunListChanged();
        return put > 0;
    }

    /// <summary>
    /// The runs on workers (running, or given to one that has not started it) that instance <paramref name="except"/> does
    /// not hold: those of other instances, and those from before instances (held by none).
    /// </summary>
    public async Task<IReadOnlyList<HeldRun>> HeldElsewhereAsync(Guid except, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking()
            .Where(r => (r.Status == RunStatus.Running || (r.Status == RunStatus.Queued && r.WorkerName != null)) && (r.HeldBy == null || r.HeldBy != except))
            .Select(r => new HeldRun(r.Id, r.Status, r.WorkerName, r.HeldBy, r.LastSequence))
            .ToListAsync(ct);
    }

    /// <summary>Who holds the run now; null when there is no such run.</summary>
    public async Task<HeldRun?> HeldAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new HeldRun(r.Id, r.Status, r.WorkerName, r.HeldBy, r.LastSequence))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Queued runs in the order workers will get them: those already handed to a worker (starting) first,
    /// then the waiting ones as <see cref="NextUnassignedAsync"/> picks them.
    /// </summary>
    public async Task<IReadOnlyList<RunSummary>> GetQueueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued)
            .OrderBy(r => r.WorkerName == null)
            .ThenBy(r => r.QueueRank == null).ThenBy(r => r.QueueRank).ThenBy(r => r.CreatedAt)
            .ToListAsync(ct);
        return records.Select(RunSummary.From).ToList();
    }

    /// <summary>
    /// Puts a waiting run at <paramref name="position"/> (from 0) among the waiting runs, by giving every waiting run
    /// its rank. False when the run is not waiting (started, ended or unknown).
    /// </summary>
    public async Task<bool> MoveInQueueAsync(Guid id, int position, CancellationToken ct = default)
    {
        var moved = await store.WriteAsync(async db =>
        {
            var waiting = await Waiting(db.Runs).ToListAsync(ct);
            var run = waiting.FirstOrDefault(r => r.Id == id);
            if (run is null) return false;
            waiting.Remove(run);
            waiting.Insert(Math.Clamp(position, 0, waiting.Count), run);
            for (var i = 0; i < waiting.Count; i++) waiting[i].QueueRank = i;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        if (moved) notifier.PublishRunListChanged();
        return moved;
    }

    /// <summary>The latest failed runs, newest first, with their reasons.</summary>
    public async Task<IReadOnlyList<RunSummary>> GetRecentFailuresAsync(int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Failed)
            .OrderByDescending(r => r.EndedAt)
            .Take(take)
            .ToListAsync(ct);
        return records.Select(RunSummary.From).ToList();
    }
}

/// <summary>A run on a worker as the instances see it: its status, its worker's name and the instance that holds it.</summary>
public sealed record HeldRun(Guid Id, RunStatus Status, string? Worker, Guid? HeldBy, long LastSequence);
