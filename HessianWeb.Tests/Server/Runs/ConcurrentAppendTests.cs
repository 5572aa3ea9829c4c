using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Server.Runs.Listing;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>Many workers' batches at once: written together (group commit), each caller told what of its own was stored.</summary>
public class ConcurrentAppendTests
{
    [Fact]
    public async Task Concurrent_batches_of_many_runs_are_all_stored_in_order_and_each_caller_gets_its_own()
    {
        await using var fixture = await ListingStore.CreateAsync();
        var store = fixture.Store;
        var runs = new List<(Guid Id, long First)>();
        for (var i = 0; i < 8; i++)
        {
            var run = await store.CreateAsync(new ExperimentSpec { Name = $"run {i}" });
            runs.Add((run.Id, run.LastSequence + 1));
        }
        RunEvent Epoch(Guid run, long sequence) => new()
        {
            RunId = run, Sequence = sequence, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics((int)sequence, 1.0 / sequence, 0.5, null, null, 0.1),
        };

        // Each run's worker sends 40 single-event batches one after another, every third one twice (a replay after a
        // lost acknowledgement); the eight workers run at once.
        var workers = runs.Select(run => Task.Run(async () =>
        {
            var answers = new List<(long Sequence, int Stored)>();
            for (var s = run.First; s < run.First + 40; s++)
            {
                answers.Add((s, (await store.AppendAsync([Epoch(run.Id, s)])).Count));
                if (s % 3 == 0) answers.Add((s, (await store.AppendAsync([Epoch(run.Id, s)])).Count));
            }
            return answers;
        })).ToArray();
        var all = await Task.WhenAll(workers);

        foreach (var (answers, run) in all.Zip(runs))
        {
            // The first send of each event is stored, its replay is not.
            Assert.All(answers.GroupBy(a => a.Sequence), g => Assert.Equal([1, .. Enumerable.Repeat(0, g.Count() - 1)], g.Select(a => a.Stored)));
            var stored = await fixture.Results.GetEventsAsync(run.Id);
            Assert.Equal(Enumerable.Range(1, (int)run.First + 39).Select(i => (long)i), stored.Select(e => e.Sequence));
            Assert.Equal(run.First + 39, (await fixture.Results.GetAsync(run.Id))!.LastSequence);
        }
    }
}
