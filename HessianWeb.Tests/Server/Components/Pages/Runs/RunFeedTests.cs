using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Server.Runs.Listing;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

/// <summary>The run page's model over the real store: it ends with every stored event, whatever order the live ones come in.</summary>
public sealed class RunFeedTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    static RunEvent Epoch(Guid run, long sequence) => new()
    {
        RunId = run, Sequence = sequence, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics((int)sequence, 1.0 / sequence, 0.5, null, null, 0.1),
    };

    [Fact]
    public async Task Events_of_two_writers_that_reach_the_page_newer_first_both_end_up_applied()
    {
        await using var fixture = await ListingStore.CreateAsync();
        var store = fixture.Store;
        var run = await store.CreateAsync(new ExperimentSpec());
        var feed = new RunFeed(fixture.Results, run.Id);
        await feed.ApplyAsync();

        // The worker's epoch (2), then the server's own word that the run was cancelled (3); their publications cross.
        var epoch = Assert.Single(await store.AppendAsync([Epoch(run.Id, 2)]));
        Assert.True(await store.EndAsync(run.Id, RunStatus.Cancelled, "Cancelled by the user."));
        var cancelled = (await fixture.Results.GetEventsAsync(run.Id, after: 2)).Single();
        feed.Enqueue(cancelled);
        var first = await feed.ApplyAsync();
        feed.Enqueue(epoch);
        await feed.ApplyAsync();

        Assert.True(first.StatusChanged);
        Assert.Equal(3, feed.Progress.LastSequence);
        Assert.Equal(RunStatus.Cancelled, feed.Progress.Status);
        Assert.Equal([2], feed.Progress.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public async Task A_page_whose_subscription_fell_behind_reads_what_it_missed_from_the_store()
    {
        await using var fixture = await ListingStore.CreateAsync();
        var store = fixture.Store;
        var run = await store.CreateAsync(new ExperimentSpec());
        var feed = new RunFeed(fixture.Results, run.Id);
        await feed.ApplyAsync();
        var stored = await store.AppendAsync(Enumerable.Range(2, 60).Select(s => Epoch(run.Id, s)).ToList());

        // The queue held the first four; the rest were left out and the subscription marked behind.
        foreach (var e in stored.Take(4)) feed.Enqueue(e);
        feed.MarkBehind();
        Assert.True(feed.Pending);
        var update = await feed.ApplyAsync();

        Assert.Equal(Enumerable.Range(2, 60), feed.Progress.Epochs.Select(e => e.Epoch));
        Assert.Equal(stored[3].Timestamp, update.NewestLive);
        Assert.False(feed.Pending);
    }

    [Fact]
    public async Task A_hub_append_and_the_servers_own_end_at_once_reach_a_live_page_in_sequence_order_and_complete()
    {
        await using var fixture = await ListingStore.CreateAsync();
        var store = fixture.Store;
        var notifier = fixture.Notifier;
        var run = await store.CreateAsync(new ExperimentSpec());
        var feed = new RunFeed(fixture.Results, run.Id);
        var published = new List<long>();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.Subscribe(run.Id,
            e =>
            {
                lock (published) published.Add(e.Sequence);
                feed.Enqueue(e);
                if (e.Kind == RunEventKind.Status && e.Status!.Status.IsTerminal()) ended.TrySetResult();
                return Task.CompletedTask;
            },
            () =>
            {
                feed.MarkBehind();
                return Task.CompletedTask;
            });
        await feed.ApplyAsync();

        // The worker streams epochs one batch at a time while the server ends the run (a lost worker, a cancel)
        // part-way: both take the next sequence numbers, from two threads.
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = Task.Run(async () =>
        {
            for (var s = 2L; s < 200; s++)
            {
                if (s == 100) halfway.SetResult();
                if ((await store.AppendAsync([Epoch(run.Id, s)])).Count == 0) break; // the run has ended
            }
        });
        var server = Task.Run(async () =>
        {
            await halfway.Task;
            return await store.EndAsync(run.Id, RunStatus.Failed, "Lost worker 'local'.");
        });
        await Task.WhenAll(worker, server);
        Assert.True(await server);
        await ended.Task.WaitAsync(Patience);
        await feed.ApplyAsync();

        var stored = await fixture.Results.GetEventsAsync(run.Id);
        lock (published) Assert.Equal(stored.Skip(1).Select(e => e.Sequence), published);
        Assert.Equal(stored[^1].Sequence, feed.Progress.LastSequence);
        Assert.Equal(RunStatus.Failed, feed.Progress.Status);
        Assert.Equal(stored.Where(e => e.Kind == RunEventKind.Epoch).Select(e => e.Epoch!.Epoch), feed.Progress.Epochs.Select(e => e.Epoch));
    }
}
