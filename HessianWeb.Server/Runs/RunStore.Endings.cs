using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Runs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>How runs end by the server's own word (cancelled while queued, worker lost, server gone), beside the workers' events.</summary>
public sealed partial class RunStore
{
    /// <summary>
    /// The server's own word on a run (cancelled while queued, worker lost, server restarted):
    /// appended as the run's next event unless the run already ended. Returns whether it applied.
    /// A run that was analysing a saved checkpoint ends completed instead, with the reason as its error.
    /// </summary>
    public async Task<bool> EndAsync(Guid id, RunStatus status, string? error, CancellationToken ct = default)
    {
        await writeLock.WaitAsync(ct);
        try
        {
            var stored = await RetryConflictsAsync(async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == id, ct);
                if (run is null || run.Status.IsTerminal()) return null;
                var ending = StatusEvent(id, run.LastSequence + 1, await EndingAsync(db, id, new StatusChange(status, Error: error), ct));
                db.RunEvents.Add(ToRecord(ending));
                Apply(run, ending);
                await db.SaveChangesAsync(ct);
                return ending;
            });
            if (stored is null) return false;
            notifier.Publish([stored]);
        }
        finally { writeLock.Release(); }
        return true;
    }

    /// <summary>
    /// <see cref="EndAsync"/> only while server instance <paramref name="holder"/> holds the run (null: none, a run from
    /// before instances): an instance ends a run for its lost worker, or settles a gone instance's, only if no other instance
    /// took it meanwhile (Workers/RunQueue.TakeOverAsync). The conditional update comes first in its transaction and locks
    /// the row (the store, on SQLite) until commit, so of two instances settling one run, one ends it.
    /// </summary>
    public async Task<bool> EndIfHeldAsync(Guid id, Guid? holder, RunStatus status, string? error, CancellationToken ct = default)
    {
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var held = await db.Runs.Where(r => r.Id == id && r.HeldBy == holder && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeldBy, holder), ct);
            if (held == 0) return false;
            var run = await db.Runs.FirstAsync(r => r.Id == id, ct);
            var stored = StatusEvent(id, run.LastSequence + 1, await EndingAsync(db, id, new StatusChange(status, Error: error), ct));
            db.RunEvents.Add(ToRecord(stored));
            Apply(run, stored);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            notifier.Publish([stored]);
        }
        finally { writeLock.Release(); }
        return true;
    }

    /// <summary>How a run ends: as given, unless it was analysing a saved checkpoint (see <see cref="AnalysisRecord.End"/>).</summary>
    static async Task<StatusChange> EndingAsync(RunsDbContext db, Guid runId, StatusChange ending, CancellationToken ct)
    {
        var analysis = await db.Analyses.FirstOrDefaultAsync(a => a.RunId == runId && a.Status == AnalysisStatus.Running, ct);
        return analysis is null ? ending : analysis.End(ending);
    }
}
