using Microsoft.Data.Sqlite;
using Npgsql;

namespace HessianWeb.Server.Runs;

/// <summary>Why the server could not keep what a worker sent, in words a person can act on.</summary>
public static class StorageFailure
{
    const int SqliteFull = 13; // SQLITE_FULL: "database or disk is full"
    const string PostgresDiskFull = "53100"; // disk_full

    public static string Describe(Exception ex, string dataDirectory)
    {
        var cause = ex is Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } ? inner : ex;
        if (cause is PostgresException { SqlState: PostgresDiskFull })
            return $"The store's PostgreSQL server is out of disk space: {cause.Message}. Free some space there; the run's events stored so far are kept.";
        if (IsDiskFull(cause))
            return $"The data directory {dataDirectory} is full: {cause.Message}. Free some space there; the run's events stored so far are kept.";
        return cause switch
        {
            IOException or UnauthorizedAccessException => $"The data directory {dataDirectory} could not be written: {cause.Message}",
            SqliteException sqlite => $"The store (hessianweb.db in {dataDirectory}) refused the events: {sqlite.Message}",
            NpgsqlException postgres => $"The store (PostgreSQL) refused the events: {postgres.Message}",
            _ => $"The server could not store the events ({cause.GetType().Name}: {cause.Message}).",
        };
    }

    public static bool IsDiskFull(Exception ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull,
        PostgresException postgres => postgres.SqlState == PostgresDiskFull,
        IOException io => Artifacts.DiskFull.Is(io),
        _ => false,
    };
}
