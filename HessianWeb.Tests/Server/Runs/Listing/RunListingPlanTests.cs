using System.Data.Common;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Shared.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HessianWeb.Tests.Server.Runs.Listing;

/// <summary>
/// The runs list's page query, as the listing sends it, is served by the runs table's indexes on both databases rather
/// than by reading the whole table: what keeps 10,000 runs fast (Seeding/SeedCommand measures it).
/// </summary>
public class RunListingPlanTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_default_sort_and_a_filtered_sort_use_the_runs_indexes(bool postgreSql)
    {
        var pages = new PageQueries();
        await using var store = await ListingStore.CreateAsync(postgreSql, pages);
        for (var i = 0; i < 5; i++) await store.AddAsync($"run {i}", i % 2 == 0 ? RunStatus.Completed : RunStatus.Failed, daysAgo: i, trainLoss: 0.1 * i);

        await store.Listing.QueryAsync(new RunQuery());
        var newestFirst = await PlanAsync(store, pages.Last, postgreSql);
        await store.Listing.QueryAsync(new RunQuery(Sort: RunSortKey.Name, Descending: false, Statuses: [RunStatus.Completed]));
        var completedByName = await PlanAsync(store, pages.Last, postgreSql);

        // Newest first: (Archived, CreatedAt) finds the runs and gives their order; only the tie-break is sorted.
        Assert.Contains("IX_Runs_Archived_CreatedAt", newestFirst);
        // Filtered: an index finds the runs that match (the database picks which), and only they are sorted.
        Assert.Matches(postgreSql ? "Index Scan (using|on) \"IX_Runs_" : "SEARCH r USING (COVERING )?INDEX IX_Runs_", completedByName);
        foreach (var plan in new[] { newestFirst, completedByName })
            Assert.DoesNotMatch(postgreSql ? "Seq Scan" : @"SCAN (r|Runs)(?! USING)", plan);
    }

    /// <summary>
    /// The database's plan for <paramref name="query"/>. PostgreSQL with sequential scans turned off: the test's few rows
    /// would make a scan the cheapest plan, so this asks whether an index can serve the query at all (a query none can serve
    /// still shows "Seq Scan", only costed as disabled). SQLite's planner has no table statistics here and picks by the
    /// indexes' shapes, as it does on a store that was never analysed.
    /// </summary>
    static async Task<string> PlanAsync(ListingStore store, SentQuery query, bool postgreSql)
    {
        await using var db = await store.Db.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        if (postgreSql) await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await using var explain = connection.CreateCommand();
        explain.CommandText = (postgreSql ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + query.Text;
        foreach (var (name, type, value) in query.Parameters)
        {
            var copy = explain.CreateParameter();
            (copy.ParameterName, copy.DbType, copy.Value) = (name, type, value);
            explain.Parameters.Add(copy);
        }
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        // SQLite's rows are (id, parent, notused, detail); PostgreSQL's are one line of text each.
        while (await reader.ReadAsync()) lines.Add(reader.GetString(postgreSql ? 0 : 3));
        return string.Join('\n', lines);
    }

    sealed record SentQuery(string Text, IReadOnlyList<(string Name, System.Data.DbType Type, object? Value)> Parameters);

    /// <summary>The listing's page queries (the ones that take a page: LIMIT), as sent.</summary>
    sealed class PageQueries : DbCommandInterceptor
    {
        public SentQuery Last { get; private set; } = null!;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Runs\"", StringComparison.Ordinal) && command.CommandText.Contains("LIMIT", StringComparison.Ordinal))
                Last = new(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.DbType, p.Value)).ToList());
            return ValueTask.FromResult(result);
        }
    }
}
