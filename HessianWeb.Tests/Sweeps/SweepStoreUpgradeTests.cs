using System.Net.Http.Json;
using System.Text;
using HessianWeb.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace HessianWeb.Tests.Sweeps;

/// <summary>
/// A data directory from before sweeps (and before migrations) gains their table and the runs' sweep columns, keeping
/// its runs: the legacy baseline (Runs/Migrations/LegacyStoreBaseline) on a store older than the LegacyStore fixture.
/// </summary>
public sealed class SweepStoreUpgradeTests
{
    [Fact]
    public async Task A_store_without_sweeps_is_upgraded_in_place_and_keeps_its_runs()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-upgrade-").FullName;
        try
        {
            Guid old;
            using (var before = new RunningServer(startLocalWorker: false, dataDirectory: dataDirectory))
                old = await before.PostRunAsync(new() { Name = "from before sweeps" });
            // Back to the schema before sweeps: no Sweeps table, no sweep columns on Runs, and (from before
            // migrations) no migrations history, so the legacy baseline adds them.
            SqliteConnection.ClearAllPools();
            await using (var db = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "hessianweb.db")}"))
            {
                await db.OpenAsync();
                await using var downgrade = db.CreateCommand();
                downgrade.CommandText = """
                    DROP TABLE "Sweeps";
                    DROP TABLE "__EFMigrationsHistory";
                    DROP TABLE "__EFMigrationsLock";
                    DROP INDEX "IX_Runs_SweepId";
                    ALTER TABLE "Runs" DROP COLUMN "SweepId";
                    ALTER TABLE "Runs" DROP COLUMN "SweepIndex";
                    ALTER TABLE "Runs" DROP COLUMN "SweepPointJson";
                    """;
                await downgrade.ExecuteNonQueryAsync();
            }
            SqliteConnection.ClearAllPools();

            using var after = new RunningServer(startLocalWorker: false, dataDirectory: dataDirectory);
            Assert.Equal("from before sweeps", (await after.Store.GetAsync(old))!.Name);
            var response = await after.Http.PostAsync("/api/sweeps", new StringContent(
                """{ "axes": [ { "path": "training.seed", "values": [0, 1] } ] }""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<CreatedSweep>())!.Id;
            Assert.Equal(2, (await after.Store.GetSweepAsync(id))!.Runs.Count);
            Assert.Equal(3, (await after.Store.ListAsync()).Count);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    sealed record CreatedSweep(Guid Id);
}
