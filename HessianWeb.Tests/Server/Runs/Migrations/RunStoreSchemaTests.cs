using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace HessianWeb.Tests.Server.Runs.Migrations;

/// <summary>The store's schema is the migrations' (Runs/Migrations): complete, the same fresh or upgraded, and InitialCreate is the schema before migrations.</summary>
public sealed class RunStoreSchemaTests : IDisposable
{
    readonly string fresh = Directory.CreateTempSubdirectory("hessianweb-fresh-").FullName;
    string FreshDatabase => Path.Combine(fresh, "hessianweb.db");

    static RunsDbContext Open(string database) =>
        new(new DbContextOptionsBuilder<RunsDbContext>().UseSqlite($"Data Source={database}").Options);

    [Fact]
    public void The_model_has_no_change_that_a_migration_does_not_make()
    {
        // A schema change (an entity, property or index in RunsDbContext) needs `dotnet ef migrations add` (README).
        using var db = Open(FreshDatabase);
        Assert.False(db.Database.HasPendingModelChanges(),
            "RunsDbContext's model differs from the latest migration's: add a migration (see the README's 'The store and its migrations').");
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_server_killed_while_migrating_does_not_hold_up_the_next_start()
    {
        await using (var db = Open(FreshDatabase)) await RunStoreSchema.MigrateAsync(db);
        await using (var db = Open(FreshDatabase))
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-12-02 16:00:00')");

        await using (var db = Open(FreshDatabase))
            await RunStoreSchema.MigrateAsync(db).WaitAsync(TimeSpan.FromSeconds(60)); // EF Core waits on the row for ever otherwise

        await using var check = Open(FreshDatabase);
        Assert.Equal(0, await check.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsLock\"").SingleAsync());
    }

    [Fact]
    public async Task A_fresh_data_directory_migrates_to_the_schema_the_legacy_store_is_upgraded_to()
    {
        await using (var db = Open(FreshDatabase)) await RunStoreSchema.MigrateAsync(db);
        using var legacy = new LegacyStoreCopy();
        await using (var db = Open(legacy.Database)) await RunStoreSchema.MigrateAsync(db);

        Assert.Equal(await SqliteStoreFile.SchemaAsync(FreshDatabase), await SqliteStoreFile.SchemaAsync(legacy.Database));
        await using var check = Open(FreshDatabase);
        var all = check.Database.GetMigrations().ToList();
        Assert.Contains(all, id => id.EndsWith("_" + nameof(InitialCreate), StringComparison.Ordinal));
        Assert.Equal(all, await SqliteStoreFile.AppliedMigrationsAsync(FreshDatabase));
        Assert.Equal(all, await SqliteStoreFile.AppliedMigrationsAsync(legacy.Database));
    }

    [Fact]
    public async Task InitialCreate_makes_exactly_the_schema_the_server_made_before_migrations()
    {
        await using (var db = Open(FreshDatabase))
            await db.GetService<IMigrator>().MigrateAsync(nameof(InitialCreate));

        using var legacy = new LegacyStoreCopy();
        Assert.Equal(
            await SqliteStoreFile.SchemaAsync(legacy.Database),
            await SqliteStoreFile.SchemaAsync(FreshDatabase, except: [SqliteStoreFile.History, "__EFMigrationsLock"]));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(fresh, recursive: true); } catch (IOException) { }
    }
}
