using Microsoft.Data.Sqlite;

namespace HessianWeb.Server.Runs;

/// <summary>Why the server could not keep what a worker sent, in words a person can act on.</summary>
public static class StorageFailure
{
    const int SqliteFull = 13; // SQLITE_FULL: "database or disk is full"

    public static string Describe(Exception ex, string dataDirectory)
    {
        var cause = ex is Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } ? inner : ex;
        if (IsDiskFull(cause))
            return $"The data directory {dataDirectory} is full: {cause.Message}. Free some space there; the run's events stored so far are kept.";
        return cause switch
        {
            IOException or UnauthorizedAccessException => $"The data directory {dataDirectory} could not be written: {cause.Message}",
            SqliteException sqlite => $"The store (hessianweb.db in {dataDirectory}) refused the events: {sqlite.Message}",
            _ => $"The server could not store the events ({cause.GetType().Name}: {cause.Message}).",
        };
    }

    public static bool IsDiskFull(Exception ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull,
        IOException io => Artifacts.DiskFull.Is(io),
        _ => false,
    };
}
