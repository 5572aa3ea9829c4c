using System.Net.Http.Json;
using System.Text;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Runs.Migrations;
using HessianWeb.Tests.Hosting;
using Microsoft.Data.Sqlite;
using HessianWeb.Shared.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Runs.Migrations;

/// <summary>
/// A data directory older than the LegacyStore fixture: from before analyses, interpolations, sweeps and the runs list's
/// columns (tags, archived, final loss), and before migrations. The legacy baseline adds what InitialCreate has and it lacks, keeping its runs.
/// Made from the fixture by taking those away, so that it has no object a later migration adds.
/// </summary>
public sealed class OlderLegacyStoreUpgradeTests : IDisposable
{
    readonly LegacyStoreCopy legacy = new();
    readonly string fresh = Directory.CreateTempSubdirectory("hessianweb-fresh-").FullName;

    [Fact]
    public async Task A_store_from_before_analyses_sweeps_and_the_list_columns_gains_them_and_keeps_its_runs()
    {
        await using (var db = new SqliteConnection($"Data Source={legacy.Database};Pooling=False"))
        {
            await db.OpenAsync();
            await using var downgrade = db.CreateCommand();
            downgrade.CommandText = """
                DROP TABLE "Analyses";
                DROP TABLE "Interpolations";
                DROP TABLE "Sweeps";
                DROP INDEX "IX_Runs_SweepId";
                DROP INDEX "IX_Runs_Archived_CreatedAt";
                DROP INDEX "IX_Runs_FinalTrainLoss";
                ALTER TABLE "Runs" DROP COLUMN "SweepId";
                ALTER TABLE "Runs" DROP COLUMN "SweepIndex";
                ALTER TABLE "Runs" DROP COLUMN "SweepPointJson";
                ALTER TABLE "Runs" DROP COLUMN "FinalTrainLoss";
                ALTER TABLE "Runs" DROP COLUMN "Archived";
                ALTER TABLE "Runs" DROP COLUMN "Tags";
                """;
            await downgrade.ExecuteNonQueryAsync();
        }
        var columns = await SqliteStoreFile.ColumnsAsync(legacy.Database);
        var rows = await SqliteStoreFile.RowsAsync(legacy.Database, StoredSpecs.WithoutSpecs(columns));
        var specs = await StoredSpecs.ReadAsync(legacy.Database);

        using (var server = new RunningServer(startLocalWorker: false, dataDirectory: legacy.DataDirectory))
        {
            Assert.Equal(rows, await SqliteStoreFile.RowsAsync(legacy.Database, StoredSpecs.WithoutSpecs(columns)));
            StoredSpecs.AssertMarkedHessianWeb(specs, await StoredSpecs.ReadAsync(legacy.Database));
            var runs = (await server.Listing.QueryAsync(new RunQuery(PageSize: 100))).Runs;
            Assert.Equal(5, runs.Count); // the archived one is no longer archived: the flag came later
            Assert.All(runs, r => Assert.Null(r.FinalTrainLoss));
            Assert.All(runs, r => Assert.Empty(r.Tags));

            var response = await server.Http.PostAsync("/api/sweeps", new StringContent(
                """{ "axes": [ { "path": "training.seed", "values": [0, 1] } ] }""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<CreatedSweep>())!.Id;
            Assert.Equal(2, (await server.Sweeps.GetAsync(id))!.Runs.Count);

            var quickstart = runs.Single(r => r.Name.StartsWith("quickstart", StringComparison.Ordinal)).Id;
            var queued = await server.Services.GetRequiredService<RunAnalyses>().RequestAsync(quickstart, Checkpoints.End, null);
            Assert.True(queued.Accepted, queued.Problem);
            Assert.Single(await server.AnalysisQueue.GetAnalysesAsync(quickstart));
        }

        // The added NOT NULL columns carry their zero as a default (older rows need one); otherwise a fresh store's schema.
        await using (var db = new RunsDbContext(new DbContextOptionsBuilder<RunsDbContext>().UseSqlite($"Data Source={Path.Combine(fresh, "hessianweb.db")}").Options))
            await RunStoreSchema.MigrateAsync(db);
        Assert.Equal(
            await SqliteStoreFile.SchemaAsync(Path.Combine(fresh, "hessianweb.db"), defaults: false),
            await SqliteStoreFile.SchemaAsync(legacy.Database, defaults: false));
    }

    [Fact]
    public async Task A_legacy_store_that_cannot_be_brought_to_InitialCreate_is_left_unchanged_with_the_reason()
    {
        // Something of its own in the way of an index InitialCreate has (and a sweeps table to add before it).
        await using (var db = new SqliteConnection($"Data Source={legacy.Database};Pooling=False"))
        {
            await db.OpenAsync();
            await using var downgrade = db.CreateCommand();
            downgrade.CommandText = """
                DROP TABLE "Sweeps";
                DROP INDEX "IX_Runs_Status";
                CREATE TABLE "IX_Runs_Status" ("Note" TEXT);
                """;
            await downgrade.ExecuteNonQueryAsync();
        }
        var schemaVersion = await SqliteStoreFile.SchemaVersionAsync(legacy.Database);
        var rows = await SqliteStoreFile.RowsAsync(legacy.Database, await SqliteStoreFile.ColumnsAsync(legacy.Database));

        await using (var db = new RunsDbContext(new DbContextOptionsBuilder<RunsDbContext>().UseSqlite($"Data Source={legacy.Database}").Options))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunStoreSchema.MigrateAsync(db));
            Assert.Contains(legacy.Database, error.Message);
            Assert.Contains("from before migrations", error.Message);
            Assert.Contains("IX_Runs_Status", error.Message);
        }
        Assert.Equal(schemaVersion, await SqliteStoreFile.SchemaVersionAsync(legacy.Database));
        Assert.Empty(await SqliteStoreFile.AppliedMigrationsAsync(legacy.Database));
        Assert.Equal(rows, await SqliteStoreFile.RowsAsync(legacy.Database, await SqliteStoreFile.ColumnsAsync(legacy.Database)));
    }

    sealed record CreatedSweep(Guid Id);

    public void Dispose()
    {
        legacy.Dispose();
        try { Directory.Delete(fresh, recursive: true); } catch (IOException) { }
    }
}
