using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Migrations;

/// <summary>
/// How the store's schema is made and kept current: EF Core migrations (this folder). A data directory written
/// before the store had migrations is first given a baseline (<see cref="LegacyStoreBaseline"/>).
/// </summary>
public static class RunStoreSchema
{
    /// <summary>
    /// Brings the store to the newest migration; a fresh database is created by the same migrations. Returns whether
    /// the store was from before migrations (and so was given its baseline first).
    /// </summary>
    public static async Task<bool> MigrateAsync(RunsDbContext db, CancellationToken ct = default)
    {
        var legacy = await LegacyStoreBaseline.IsLegacyAsync(db, ct);
        if (legacy) await LegacyStoreBaseline.ApplyAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        return legacy;
    }
}
