using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// Counts the runs list's queries as they reach SQLite: each load of the list counts the runs that match its filters
/// first (<c>SELECT COUNT(*) FROM "Runs"</c>), and nothing else in the store counts runs. Below the pages, so a test
/// sees how often a page re-queries whatever service it reads the list through.
/// </summary>
public sealed class RunsListQueries : DbCommandInterceptor
{
    int count;

    public int Count => Volatile.Read(ref count);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    void Observe(DbCommand command)
    {
        if (command.CommandText.Contains("COUNT(*)", StringComparison.Ordinal) && command.CommandText.Contains("FROM \"Runs\"", StringComparison.Ordinal))
            Interlocked.Increment(ref count);
    }
}
