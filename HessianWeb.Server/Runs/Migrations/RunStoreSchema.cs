using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Migrations;

/// <summary>
/// How the store's schema is made and kept current: EF Core migrations (this folder). A data directory written
/// before the store had migrations is first given a baseline (<see cref="LegacyStoreBaseline"/>).
/// </summary>
public static class RunStoreSchema
{
    /// <summary>Brings the store to the newest migration; a fresh database is created by the same migrations.</summary>
    public static async Task MigrateAsync(RunsDbContext db, CancellationToken ct = default)
    {
        if (await LegacyStoreBaseline.IsLegacyAsync(db, ct)) await LegacyStoreBaseline.ApplyAsync(db, ct);
        await db.Database.MigrateAsync(ct);
    }
}
