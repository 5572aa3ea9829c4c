using HessianWeb.Server.Diagnostics;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Server.Runs.Listing;

namespace HessianWeb.Tests.Server.Diagnostics;

/// <summary>The page-load command's runs: finished, one epoch event per epoch, and the curvature panels' results at init and end.</summary>
public sealed class LongRunTests
{
    [Fact]
    public async Task A_long_run_is_stored_complete_with_every_epoch_and_both_checkpoints_analysed()
    {
        await using var fixture = await ListingStore.CreateAsync();

        var id = await LongRun.CreateAsync(fixture.Store, 1_234);

        var run = (await fixture.Results.GetAsync(id))!;
        var events = await fixture.Results.GetEventsAsync(id);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1_234, run.Spec.Training.Epochs);
        Assert.Equal(Enumerable.Range(0, 1_235), events.Select(e => e.Epoch).OfType<EpochMetrics>().Select(e => e.Epoch)); // up to 2,000 epochs: each stored
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            Assert.Equal(100, events.Count(e => e.Lanczos?.Checkpoint == checkpoint));
            Assert.Equal([SpectrumMethods.Lanczos, SpectrumMethods.Exact], events.Select(e => e.Spectrum).OfType<SpectrumResult>().Where(s => s.Checkpoint == checkpoint).Select(s => s.Method));
            Assert.Single(events, e => e.Density?.Checkpoint == checkpoint);
            Assert.Single(events, e => e.Trace?.Checkpoint == checkpoint);
            Assert.Single(events, e => e.Outliers?.Checkpoint == checkpoint);
        }
    }

    [Fact]
    public async Task A_run_longer_than_two_thousand_epochs_is_stored_in_buckets_as_a_worker_stores_it()
    {
        await using var fixture = await ListingStore.CreateAsync();

        var id = await LongRun.CreateAsync(fixture.Store, 10_000);

        var epochs = (await fixture.Results.GetEventsAsync(id)).Select(e => e.Epoch).OfType<EpochMetrics>().ToList();
        Assert.Equal(2_001, epochs.Count); // epoch 0, then 2,000 buckets of 5
        Assert.Equal(0, epochs[0].Epoch);
        Assert.Equal(10_000, epochs[^1].Epoch);
        Assert.All(epochs.Skip(1), e => Assert.Equal(e.Epoch - 4, e.Bucket!.FirstEpoch));
    }
}
