using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Tests.Server.Runs.Listing;

/// <summary>The runs list's paging, sorting and filters as SQL over a real SQLite file.</summary>
public sealed class RunListingStoreTests : IAsyncLifetime
{
    ListingStore store = default!;

    public async Task InitializeAsync() => store = await ListingStore.CreateAsync();
    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task Pages_are_newest_first_by_default_and_count_every_match()
    {
        for (var i = 0; i < 7; i++) await store.AddAsync($"run {i}", daysAgo: i);

        var first = await store.Listing.QueryAsync(new RunQuery(PageSize: 3));
        var third = await store.Listing.QueryAsync(new RunQuery(Page: 3, PageSize: 3));

        Assert.Equal(7, first.Total);
        Assert.Equal(3, first.PageCount);
        Assert.Equal(["run 0", "run 1", "run 2"], first.Runs.Select(r => r.Name));
        Assert.Equal(["run 6"], third.Runs.Select(r => r.Name));
    }

    [Fact]
    public async Task Sorting_by_a_result_puts_runs_without_it_last_both_ways()
    {
        await store.AddAsync("low", trainLoss: 0.1);
        await store.AddAsync("none");
        await store.AddAsync("high", trainLoss: 2.5);
        await store.AddAsync("middle", trainLoss: 0.7);

        var ascending = await store.Listing.QueryAsync(new RunQuery(Sort: RunSortKey.TrainLoss, Descending: false));
        var descending = await store.Listing.QueryAsync(new RunQuery(Sort: RunSortKey.TrainLoss, Descending: true));

        Assert.Equal(["low", "middle", "high", "none"], ascending.Runs.Select(r => r.Name));
        Assert.Equal(["high", "middle", "low", "none"], descending.Runs.Select(r => r.Name));
        Assert.Equal(0.7, ascending.Runs[1].FinalTrainLoss);
    }

    [Fact]
    public async Task Results_arriving_fill_the_list_columns()
    {
        var id = await store.AddAsync("full", trainLoss: 0.25, topEigenvalue: 7.5, outliers: 3);

        var run = (await store.Listing.QueryAsync(new RunQuery())).Runs.Single(r => r.Id == id);

        Assert.Equal(0.25, run.FinalTrainLoss);
        Assert.Equal(0.9, run.FinalTrainAccuracy);
        Assert.Equal(0.8, run.FinalTestAccuracy);
        Assert.Equal(7.5, run.TopEigenvalue);
        Assert.Equal(3, run.EndOutlierCount);
        var byOutliers = await store.Listing.QueryAsync(new RunQuery(Sort: RunSortKey.Outliers));
        Assert.Equal(id, byOutliers.Runs[0].Id);
    }

    [Fact]
    public async Task A_count_with_no_clear_gap_is_no_number_in_the_list()
    {
        var id = await store.AddAsync("unclear", outliers: 9, noClearGap: true);

        var run = (await store.Listing.QueryAsync(new RunQuery())).Runs.Single(r => r.Id == id);

        Assert.Null(run.EndOutlierCount);
    }

    [Fact]
    public async Task The_exact_trace_at_end_wins_over_an_estimate_whichever_arrives_first()
    {
        var run = await FabricatedRun.CreateAsync(store.Store, store.Results, complete: false, withArtifacts: false);
        // FabricatedRun reports Hutchinson 6.1 at end; the exact trace follows, then a later estimate.
        await run.AppendAsync(
            e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(Checkpoints.End, CurvatureOperators.Hessian, TraceMethods.Exact, 6.0, 0, 109) },
            e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(Checkpoints.End, CurvatureOperators.Hessian, TraceMethods.HutchPlusPlus, 6.3, 0.1, 30) },
            e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(Checkpoints.Init, CurvatureOperators.Hessian, TraceMethods.Exact, 1.0, 0, 109) });

        Assert.Equal(6.0, (await store.Results.GetAsync(run.Id))!.EndTrace);
    }

    [Fact]
    public async Task Filters_combine_search_status_tag_date_and_archived()
    {
        var match = await store.AddAsync("Wide MLP 100%", RunStatus.Completed, daysAgo: 2, tags: ["paper", "fig-3"]);
        await store.AddAsync("wide mlp failed", RunStatus.Failed, daysAgo: 2, tags: ["paper"]);
        await store.AddAsync("wide mlp untagged", RunStatus.Completed, daysAgo: 2);
        await store.AddAsync("wide mlp old", RunStatus.Completed, daysAgo: 40, tags: ["paper"]);
        await store.AddAsync("narrow", RunStatus.Completed, daysAgo: 2, tags: ["paper"]);
        var archived = await store.AddAsync("wide mlp archived", RunStatus.Completed, daysAgo: 2, tags: ["paper"]);
        await store.Listing.UpdateAsync(archived, new(Archived: true));

        var query = new RunQuery(Search: "WIDE mlp", Statuses: [RunStatus.Completed, RunStatus.Diverged], Tags: ["PAPER"],
            From: new DateOnly(2026, 6, 1), To: new DateOnly(2026, 6, 28));
        var page = await store.Listing.QueryAsync(query);

        Assert.Equal([match], page.Runs.Select(r => r.Id));
        Assert.Equal(["paper", "fig-3"], page.Runs[0].Tags);
        Assert.Equal([archived], (await store.Listing.QueryAsync(query with { Archived = true })).Runs.Select(r => r.Id));
        // The last day is included whole: the four unarchived runs at 12:00 on the 28th match "from 28 to 28", none "to 27".
        Assert.Equal(4, (await store.Listing.QueryAsync(new RunQuery(From: new DateOnly(2026, 6, 28), To: new DateOnly(2026, 6, 28)))).Total);
        Assert.Equal(["wide mlp old"], (await store.Listing.QueryAsync(new RunQuery(To: new DateOnly(2026, 6, 27)))).Runs.Select(r => r.Name));
    }

    [Fact]
    public async Task Search_and_tags_are_literal_text_not_LIKE_patterns()
    {
        await store.AddAsync("100% done", tags: ["a_b"]);
        await store.AddAsync("1000 done", tags: ["axb"]);

        Assert.Equal(["100% done"], (await store.Listing.QueryAsync(new RunQuery(Search: "100%"))).Runs.Select(r => r.Name));
        Assert.Equal(["100% done"], (await store.Listing.QueryAsync(new RunQuery(Tags: ["a_b"]))).Runs.Select(r => r.Name));
        Assert.Empty((await store.Listing.QueryAsync(new RunQuery(Tags: ["a"]))).Runs);
    }

    [Fact]
    public async Task Tags_are_listed_once_each_alphabetically()
    {
        await store.AddAsync("one", tags: ["sweep", "Paper"]);
        await store.AddAsync("two", tags: ["paper", "baseline"]);

        Assert.Equal(["baseline", "Paper", "sweep"], await store.Listing.GetTagsAsync());
    }

    [Fact]
    public async Task Deleting_an_ended_run_removes_its_rows_and_its_files_and_refuses_a_running_one()
    {
        var ended = await FabricatedRun.CreateAsync(store.Store, store.Results);
        var running = await FabricatedRun.CreateAsync(store.Store, store.Results, complete: false);
        var folder = Path.Combine(store.DataDirectory, "runs", ended.Id.ToString());
        Assert.NotEmpty(Directory.GetFiles(folder));

        Assert.Equal(RunDeletion.Deleted, await store.Listing.DeleteAsync(ended.Id));
        Assert.Equal(RunDeletion.NotEnded, await store.Listing.DeleteAsync(running.Id));
        Assert.Equal(RunDeletion.NotFound, await store.Listing.DeleteAsync(ended.Id));

        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(Path.Combine(store.DataDirectory, "runs", running.Id.ToString())));
        Assert.Null(await store.Results.GetAsync(ended.Id));
        Assert.Empty(await store.Results.GetEventsAsync(ended.Id));
        Assert.NotEmpty(await store.Results.GetEventsAsync(running.Id));
    }
}
