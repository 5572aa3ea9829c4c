using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Migrations;

/// <summary>
/// How the store's schema is made and kept current: EF Core migrations (this folder for SQLite, PostgreSql/ for
/// <see cref="PostgresRunsDbContext"/>). A SQLite data directory written before the store had migrations is first given
/// a baseline (<see cref="LegacyStoreBaseline"/>); a PostgreSQL store never had one.
/// </summary>
public static class RunStoreSchema
{
    /// <summary>The PostgreSQL advisory lock key the instances migrate under (any constant of this app's own).</summary>
    const long MigrationLock = 0x4865_7373_6961_6e;

    /// <summary>
    /// Brings the store to the newest migration; a fresh database is created by the same migrations. Returns whether
    /// the store was from before migrations (and so was given its baseline first).
    /// </summary>
    public static async Task<bool> MigrateAsync(RunsDbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite())
        {
            // Several instances may start at once. EF Core's PostgreSQL migration lock is taken per migration's
            // transaction, so with more than one pending migration a waiting instance could apply one the other already
            // had ("relation already exists"): a session advisory lock around the whole migration makes them take turns.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLock})", ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
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
