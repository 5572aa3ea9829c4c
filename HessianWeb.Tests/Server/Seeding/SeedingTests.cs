using HessianWeb.Shared;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Seeding;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Tests.Server.Seeding;

public sealed class SeedingTests
{
    [Fact]
    public void Options_default_to_ten_thousand_runs_in_a_new_temporary_folder_and_bad_ones_are_named()
    {
        var options = SeedOptions.Parse(["seed"])!;

        Assert.Equal(10_000, options.Runs);
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), options.DataDirectory);
        Assert.Null(SeedOptions.Parse(["--urls", "http://localhost:5000"]));
        Assert.Contains("--runs", Assert.Throws<ArgumentException>(() => SeedOptions.Parse(["seed", "--runs", "many"])).Message);
        Assert.Contains("'--run'", Assert.Throws<ArgumentException>(() => SeedOptions.Parse(["seed", "--run", "5"])).Message);
    }

    [Fact]
    public void Seeded_runs_are_ended_and_their_list_columns_come_from_their_events()
    {
        var runs = new SeededRuns(seed: 3);
        var now = new DateTime(2026, 6, 30, 0, 0, 0, DateTimeKind.Utc);

        var seeded = Enumerable.Range(0, 300).Select(i => runs.Next(i, now)).ToList();

        Assert.All(seeded, s => Assert.True(s.Run.Status.IsTerminal()));
        Assert.All(seeded, s => Assert.Equal(Enumerable.Range(1, s.Events.Count).Select(n => (long)n), s.Events.Select(e => e.Sequence)));
        var completed = seeded.Where(s => s.Run.Status == RunStatus.Completed).ToList();
        Assert.InRange(completed.Count, 200, 290);
        foreach (var (run, events) in completed)
        {
            var classes = JsonFormat.Deserialize<ExperimentSpec>(run.SpecJson)!.Data.Classes;
            var lastEpoch = events.Last(e => e.Epoch is not null).Epoch!;
            Assert.Equal(lastEpoch.TrainLoss, run.FinalTrainLoss);
            Assert.Equal(classes - 1, run.EndOutlierCount);
            Assert.Equal(events.Single(e => e.Spectrum is not null).Spectrum!.Eigenvalues[0], run.TopEigenvalue);
            Assert.True(run.CreatedAt <= run.StartedAt && run.StartedAt <= run.EndedAt);
        }
        // A diverged run's NaN loss is left out of the sortable column.
        Assert.All(seeded.Where(s => s.Run.Status == RunStatus.Diverged), s => Assert.Null(s.Run.FinalTrainLoss));
    }

    [Fact]
    public async Task Seeding_writes_the_runs_and_their_events_to_the_store()
    {
        var directory = Directory.CreateTempSubdirectory("hessianweb-seed-test-").FullName;
        try
        {
            await SeedCommand.SeedAsync(new SeedOptions(120, directory, 1), TextWriter.Null);

            var options = new DbContextOptionsBuilder<RunsDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "hessianweb.db")}").Options;
            await using var db = new RunsDbContext(options);
            Assert.Equal(120, await db.Runs.CountAsync());
            var lastSequences = await db.Runs.Select(r => r.LastSequence).SumAsync();
            Assert.Equal(lastSequences, await db.RunEvents.LongCountAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
