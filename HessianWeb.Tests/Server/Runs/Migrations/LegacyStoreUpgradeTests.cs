using HessianWeb.Shared;
using HessianWeb.Tests.Client.Runs;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using HessianWeb.Client.Data;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;
using HessianWeb.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Runs.Migrations;

/// <summary>
/// The data directory the server wrote before the store had migrations (LegacyStore/, see its README) opened by this
/// version: baselined and migrated, with no run, event, analysis, sweep, tag, note or file lost, still served; and
/// opened again, untouched.
/// </summary>
public sealed class LegacyStoreUpgradeTests : IDisposable
{
    readonly LegacyStoreCopy legacy = new();

    [Fact]
    public async Task The_legacy_store_is_baselined_and_keeps_every_run_event_and_file_and_a_second_opening_changes_nothing()
    {
        // The fixture is what it says: no migrations history, and the runs its script made.
        Assert.Empty(await SqliteStoreFile.AppliedMigrationsAsync(legacy.Database));
        var columns = await SqliteStoreFile.ColumnsAsync(legacy.Database);
        var rows = await SqliteStoreFile.RowsAsync(legacy.Database, StoredSpecs.WithoutSpecs(columns));
        var specs = await StoredSpecs.ReadAsync(legacy.Database);
        var files = legacy.RunFiles();
        var statuses = await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT Status FROM Runs ORDER BY Status");
        Assert.Equal(["Cancelled", "Completed", "Completed", "Completed", "Failed"], statuses);
        Assert.Equal(["1 2"], await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT count(*) || ' ' || max(RunCount) FROM Sweeps"));
        Assert.Equal(["|paper|fixture| Written by the **legacy** server."],
            await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT Tags || ' ' || Note FROM Runs WHERE Tags <> '' OR Note IS NOT NULL"));
        Assert.Equal(["1"], await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT count(*) FROM Runs WHERE Archived"));
        var eventsPerRun = await EventsPerRunAsync();
        Assert.Equal(5, eventsPerRun.Count);
        Assert.All(eventsPerRun.Values, count => Assert.True(count >= 2));
        Assert.Equal(2, int.Parse((await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT count(*) FROM Analyses")).Single()));
        Assert.Equal(1, int.Parse((await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT count(*) FROM Interpolations")).Single()));
        Assert.NotEmpty(files);

        using (var server = new RunningServer(startLocalWorker: false, dataDirectory: legacy.DataDirectory))
        {
            Assert.Equal(await AllMigrationsAsync(server), await SqliteStoreFile.AppliedMigrationsAsync(legacy.Database));
            Assert.Equal(rows, await SqliteStoreFile.RowsAsync(legacy.Database, StoredSpecs.WithoutSpecs(columns)));
            StoredSpecs.AssertMarkedHessianWeb(specs, await StoredSpecs.ReadAsync(legacy.Database));
            Assert.Equal(eventsPerRun, await EventsPerRunAsync());
            await AssertServedAsync(server, eventsPerRun.Keys);
            await AssertBlobRunsKeepTheirDataAsync(server, legacy.Database);
        }
        var migratedRows = await SqliteStoreFile.RowsAsync(legacy.Database, columns);
        Assert.Equal(files, legacy.RunFiles());

        var schemaVersion = await SqliteStoreFile.SchemaVersionAsync(legacy.Database);
        var applied = await SqliteStoreFile.AppliedMigrationsAsync(legacy.Database);
        SqliteConnection.ClearAllPools();
        using (var again = new RunningServer(startLocalWorker: false, dataDirectory: legacy.DataDirectory))
            Assert.Equal(eventsPerRun.Count, (await again.Listing.ListAsync()).Count);
        Assert.Equal(schemaVersion, await SqliteStoreFile.SchemaVersionAsync(legacy.Database));
        Assert.Equal(applied, await SqliteStoreFile.AppliedMigrationsAsync(legacy.Database));
        Assert.Equal(migratedRows, await SqliteStoreFile.RowsAsync(legacy.Database, columns));
        Assert.Equal(files, legacy.RunFiles());
    }

    /// <summary>The API lists every run, and each run's spectra, analyses and stored files read back whole.</summary>
    static async Task AssertServedAsync(RunningServer server, IEnumerable<Guid> runIds)
    {
        var listed = (await server.Http.GetFromJsonAsync<List<Listed>>("/api/runs", JsonFormat.Options))!
            .Concat((await server.Http.GetFromJsonAsync<List<Listed>>("/api/runs?archived=true", JsonFormat.Options))!)
            .Select(r => r.Id).Order().ToList();
        Assert.Equal(runIds.Order(), listed);

        foreach (var id in listed)
        {
            var spectra = await server.Http.GetAsync($"/api/runs/{id}/spectra");
            Assert.Equal(HttpStatusCode.OK, spectra.StatusCode);
            var served = (await spectra.Content.ReadFromJsonAsync<List<SpectrumResult>>(JsonFormat.Options))!;
            Assert.Equal((await server.Results.GetSpectraAsync(id)).Count, served.Count);

            foreach (var artifact in (await server.Results.GetArtifactsAsync(id)).Where(a => a.File is not null))
            {
                var tensors = await server.Artifacts.ReadTensorsAsync(artifact);
                Assert.Equal(artifact.Tensors.Select(t => t.Name), tensors.Select(t => t.Name));
                Assert.All(tensors, t => Assert.NotNull(t.Data));
            }
        }

        var quickstart = (await server.Listing.ListAsync()).Single(r => r.Tags.Count > 0);
        Assert.Equal(["fixture", "paper"], quickstart.Tags.Order());
        Assert.NotEmpty(await server.Results.GetSpectraAsync(quickstart.Id));
        var analyses = (await server.Http.GetFromJsonAsync<List<AnalysisSummary>>($"/api/runs/{quickstart.Id}/analyses", JsonFormat.Options))!;
        Assert.Equal([AnalysisStatus.Completed, AnalysisStatus.Completed], analyses.Select(a => a.Status));
        Assert.Contains((await server.Results.GetSpectraAsync(quickstart.Id)), s => s.Checkpoint == analyses[0].Label);
    }

    /// <summary>
    /// Every stored blob run was drawn by the xoshiro blobs: read back, its spec names that generator, and the data it
    /// loads is the training set the legacy server stored for it (init-data), bit for bit; the new default would not be.
    /// </summary>
    static async Task AssertBlobRunsKeepTheirDataAsync(RunningServer server, string database)
    {
        var blobRuns = (await server.Listing.ListAsync()).Where(r => r.Spec.Data.Kind == DataKind.Blobs).ToList();
        Assert.Equal(4, blobRuns.Count);
        Assert.All(blobRuns, r => Assert.Equal(DataGenerator.HessianWeb, r.Spec.Data.Generator));
        foreach (var run in blobRuns)
        {
            var artifact = (await server.Results.GetArtifactsAsync(run.Id)).Single(a => a.Checkpoint == Checkpoints.Init && a.Kind == ArtifactKinds.Data);
            var stored = await server.Artifacts.ReadTensorsAsync(artifact);
            var data = DataSets.Load(run.Spec.Data).Train;
            Assert.Equal(RecordedRun.Float64s(stored[0]), data.Inputs);
            Assert.Equal(MemoryMarshal.Cast<byte, long>(stored[1].Data).ToArray(), data.Labels.Select(l => (long)l));
            Assert.NotEqual(RecordedRun.Float64s(stored[0]), DataSets.Load(run.Spec.Data with { Generator = DataGenerator.ScikitLearn }).Train.Inputs);
        }
        // The sweep's base: its grid expanded again gives the generator its runs were made with.
        var sweep = JsonFormat.Deserialize<SweepSpec>((await SqliteStoreFile.QueryAsync(database, "SELECT SpecJson FROM Sweeps")).Single());
        var points = SweepGrid.Expand(sweep).Points;
        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(DataGenerator.HessianWeb, p.Spec.Data.Generator));
    }

    async Task<Dictionary<Guid, int>> EventsPerRunAsync() =>
        (await SqliteStoreFile.QueryAsync(legacy.Database, "SELECT r.Id || ' ' || (SELECT count(*) FROM RunEvents e WHERE e.RunId = r.Id) FROM Runs r"))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => Guid.Parse(parts[0]), parts => int.Parse(parts[1]));

    static async Task<List<string>> AllMigrationsAsync(RunningServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<RunsDbContext>>().CreateDbContextAsync();
        return db.Database.GetMigrations().ToList();
    }

    sealed record Listed(Guid Id);

    public void Dispose() => legacy.Dispose();
}
