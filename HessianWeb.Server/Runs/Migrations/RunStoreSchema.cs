using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Migrations;

/// <summary>
/// How the store's schema is made and kept current: EF Core migrations (this folder for SQLite, PostgreSql/ for
/// <see cref="PostgresRunsDbContext"/>). A SQLite data directory written before the store had migrations is first given
/// a baseline (<see cref="LegacyStoreBaseline"/>); a PostgreSQL store never had one.
/// </summary>
public static class RunStoreSchema
{
    /// <summary>
    /// Brings the store to the newest migration; a fresh database is created by the same migrations. Returns whether
    /// the store was from before migrations (and so was given its baseline first).
    /// </summary>
    public static async Task<bool> MigrateAsync(RunsDbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite())
        {
            // Several instances may start at once: EF Core's PostgreSQL migration lock (a lock on the history table,
            // taken in the migration's transaction) lets one migrate while the others wait, then find nothing to do.
            await db.Database.MigrateAsync(ct);
            return false;
        }
        var legacy = await LegacyStoreBaseline.IsLegacyAsync(db, ct);
        if (legacy) await LegacyStoreBaseline.ApplyAsync(db, ct);
        // EF Core takes SQLite's migration lock as a row that a process killed while migrating leaves behind, and every
        // later start would wait on it for ever. This server is the store's only migrator and migrates before it takes
        // requests, so a row found now is such a leftover.
        var locks = await db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(ct);
        if (locks > 0) await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", ct);
        await db.Database.MigrateAsync(ct);
        return legacy;
    }
}
