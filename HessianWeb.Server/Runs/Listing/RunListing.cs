using HessianWeb.Shared.Runs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Listing;

/// <summary>
/// The runs list: pages sorted and filtered in SQL; tags, notes, archiving and deleting. Its writes take the store's
/// write lock (<see cref="RunStore.WriteAsync"/>): they change run rows that event batches also write.
/// </summary>
public sealed class RunListing(IDbContextFactory<RunsDbContext> dbFactory, RunStore store, ArtifactFiles artifacts, RunNotifier notifier)
{
    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Runs.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(take).ToListAsync(ct);
        return records.Select(RunSummary.From).ToList();
    }

    public async Task<RunListPage> QueryAsync(RunQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = Filter(db.Runs.AsNoTracking(), query, db.Database.IsNpgsql());
        var total = await runs.CountAsync(ct);
        var records = await Sort(runs, query)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(ct);
        return new RunListPage(records.Select(RunSummary.From).ToList(), total, query.Page, query.PageSize);
    }

    /// <summary>Every tag in use, alphabetically: what the tag filter offers.</summary>
    public async Task<IReadOnlyList<string>> GetTagsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Oldest run first, so a tag spelled two ways is offered as it was first written, on either database (a DISTINCT
        // comes back in whatever order the database's plan gives). The ids are version 7: they order as created on both.
        var stored = await db.Runs.AsNoTracking().Where(r => r.Tags != "").OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => r.Tags).ToListAsync(ct);
        return stored.Distinct().SelectMany(RunTags.Decode).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Everyone who launched a run, alphabetically: what the launcher filter offers.</summary>
    public async Task<IReadOnlyList<string>> GetLaunchersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.LaunchedBy != null).Select(r => r.LaunchedBy!).Distinct().OrderBy(n => n).ToListAsync(ct);
    }

    /// <summary>Changes tags, note or archived as the patch says (validate it first); null when there is no such run.</summary>
    public async Task<RunSummary?> UpdateAsync(Guid id, RunPatch patch, CancellationToken ct = default)
    {
        var run = await store.WriteAsync(async db =>
        {
            var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (run is null) return null;
            if (patch.Tags is { } tags) run.Tags = RunTags.Encode(tags);
            if (patch.Note is { } note) run.Note = string.IsNullOrWhiteSpace(note) ? null : note;
            if (patch.Archived is { } archived) run.Archived = archived;
            await db.SaveChangesAsync(ct);
            return run;
        }, ct);
        if (run is null) return null;
        notifier.PublishRunListChanged();
        return RunSummary.From(run);
    }

    /// <summary>
    /// Removes an ended run: its row, events, analyses and its folder of arrays under the data directory.
    /// A run still queued or running is refused (cancel it first), so no worker reports into a run that is gone.
    /// </summary>
    public async Task<RunDeletion> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var deletion = await store.WriteAsync(async db =>
        {
            var status = await db.Runs.Where(r => r.Id == id).Select(r => (RunStatus?)r.Status).FirstOrDefaultAsync(ct);
            if (status is null) return RunDeletion.NotFound;
            if (!status.Value.IsTerminal()) return RunDeletion.NotEnded;
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.RunEvents.Where(e => e.RunId == id).ExecuteDeleteAsync(ct);
                await db.Analyses.Where(a => a.RunId == id).ExecuteDeleteAsync(ct);
                await db.Runs.Where(r => r.Id == id).ExecuteDeleteAsync(ct);
                await transaction.CommitAsync(ct);
            }
            // After the rows: a crash in between leaves files nobody refers to, never rows whose files are gone.
            var folder = artifacts.FullPath($"runs/{id}");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return RunDeletion.Deleted;
        }, ct);
        if (deletion == RunDeletion.Deleted) notifier.PublishRunListChanged();
        return deletion;
    }

    /// <param name="postgreSql">
    /// Search and tags ignore case: SQLite's LIKE ignores ASCII case, PostgreSQL's heeds it, so there it is ILIKE, which
    /// under the columns' collation "C" (PostgresRunsDbContext) also folds ASCII letters only: 'a' finds 'A', 'é' not 'É'.
    /// </param>
    static IQueryable<RunRecord> Filter(IQueryable<RunRecord> runs, RunQuery query, bool postgreSql)
    {
        var escape = Like.EscapeCharacter.ToString();
        runs = runs.Where(r => r.Archived == query.Archived);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + Like.Escape(query.Search.Trim()) + "%";
            runs = postgreSql
                ? runs.Where(r => EF.Functions.ILike(r.Name, pattern, escape))
                : runs.Where(r => EF.Functions.Like(r.Name, pattern, escape));
        }
        if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.ToList();
            runs = runs.Where(r => statuses.Contains(r.Status));
        }
        foreach (var tag in query.Tags)
        {
            var pattern = RunTags.Pattern(tag);
            runs = postgreSql
                ? runs.Where(r => EF.Functions.ILike(r.Tags, pattern, escape))
                : runs.Where(r => EF.Functions.Like(r.Tags, pattern, escape));
        }
        if (query.SweepId is { } sweep) runs = runs.Where(r => r.SweepId == sweep);
        if (!string.IsNullOrWhiteSpace(query.LaunchedBy)) runs = runs.Where(r => r.LaunchedBy == query.LaunchedBy);
        if (query.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue);
            runs = runs.Where(r => r.CreatedAt >= start);
        }
        // The last day there is (9999-12-31) bounds nothing, and has no next day to stop before.
        if (query.To is { } to && to < DateOnly.MaxValue)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
            runs = runs.Where(r => r.CreatedAt < end);
        }
        return runs;
    }

    /// <summary>Runs without the value (not yet measured) come last either way; ties go newest first.</summary>
    static IQueryable<RunRecord> Sort(IQueryable<RunRecord> runs, RunQuery query)
    {
        var d = query.Descending;
        var sorted = query.Sort switch
        {
            RunSortKey.Created => d ? runs.OrderByDescending(r => r.CreatedAt) : runs.OrderBy(r => r.CreatedAt),
            RunSortKey.Name => d ? runs.OrderByDescending(r => r.Name) : runs.OrderBy(r => r.Name),
            RunSortKey.Status => d ? runs.OrderByDescending(r => r.Status) : runs.OrderBy(r => r.Status),
            RunSortKey.Parameters => By(runs, r => r.ParameterCount, d),
            RunSortKey.TrainLoss => By(runs, r => r.FinalTrainLoss, d),
            RunSortKey.TrainAccuracy => By(runs, r => r.FinalTrainAccuracy, d),
            RunSortKey.TestAccuracy => By(runs, r => r.FinalTestAccuracy, d),
            RunSortKey.TopEigenvalue => By(runs, r => r.TopEigenvalue, d),
            RunSortKey.Outliers => By(runs, r => r.EndOutlierCount, d),
            RunSortKey.Trace => By(runs, r => r.EndTrace, d),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort key."),
        };
        return sorted.ThenByDescending(r => r.CreatedAt).ThenBy(r => r.Id);
    }

    static IOrderedQueryable<RunRecord> By<T>(IQueryable<RunRecord> runs, System.Linq.Expressions.Expression<Func<RunRecord, T?>> key, bool descending)
        where T : struct
    {
        var hasValue = System.Linq.Expressions.Expression.Lambda<Func<RunRecord, bool>>(
            System.Linq.Expressions.Expression.Equal(key.Body, System.Linq.Expressions.Expression.Constant(null, typeof(T?))), key.Parameters);
        var nullsLast = runs.OrderBy(hasValue);
        return descending ? nullsLast.ThenByDescending(key) : nullsLast.ThenBy(key);
    }
}

/// <summary>Refused: the user may not delete this run (<see cref="RunRemoval"/>).</summary>
public enum RunDeletion { Deleted, NotFound, NotEnded, Refused }
