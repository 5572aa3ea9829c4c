using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Workers;

/// <summary>
/// The queue as the scheduler takes from it and the workers page shows and reorders it; the runs a restart interrupted;
/// the runs that failed lately. Reordering takes the store's write lock (<see cref="RunStore.WriteAsync"/>): it writes
/// run rows that event batches also write.
/// </summary>
public sealed class RunQueue(IDbContextFactory<RunsDbContext> dbFactory, RunStore store, RunNotifier notifier)
{
    /// <summary>The oldest queued run that no worker has been given yet.</summary>
    public async Task<RunSummary?> NextUnassignedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued && r.WorkerName == null)
            .OrderBy(r => r.QueueRank == null).ThenBy(r => r.QueueRank).ThenBy(r => r.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return record is null ? null : RunSummary.From(record);
    }

    /// <summary>
    /// Runs that were on a worker when the server stopped: running, or given to a worker that had not started them.
    /// Their workers may come back and claim them (see RunScheduler.SettleInterruptedAsync).
    /// </summary>
    public async Task<IReadOnlyList<RunSummary>> GetInterruptedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running || (r.Status == RunStatus.Queued && r.WorkerName != null))
            .ToListAsync(ct);
        return records.Select(RunSummary.From).ToList();
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
            var waiting = await db.Runs
                .Where(r => r.Status == RunStatus.Queued && r.WorkerName == null)
                .OrderBy(r => r.QueueRank == null).ThenBy(r => r.QueueRank).ThenBy(r => r.CreatedAt)
                .ToListAsync(ct);
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
