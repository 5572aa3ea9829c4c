using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Shared.Runs;

/// <summary>The bounded storage of a phase's epochs, on synthetic metrics (no training).</summary>
public sealed class EpochBucketsTests
{
    static EpochMetrics Metrics(int epoch, double loss) => new(epoch, loss, 1 - loss / 10, loss, 0.5, loss / 2, "p");

    static double Loss(int epoch) => epoch == 777_777 ? 50.0 : 3.0 / (1 + epoch); // one spike

    [Fact]
    public void A_million_epochs_store_at_most_the_bound_with_epoch_0_and_the_last_exact_and_a_spike_kept()
    {
        const int epochs = 1_000_000;
        var width = EpochRecording.BucketWidth(epochs);
        var stored = new List<EpochMetrics>();
        var buckets = new EpochBuckets(width, stored.Add);

        for (var e = 0; e <= epochs; e++) buckets.Add(Metrics(e, Loss(e)));
        buckets.Flush();

        Assert.Equal(500, width);
        Assert.InRange(stored.Count, EpochRecording.MaxBuckets, EpochRecording.MaxBuckets + 1);
        Assert.Equal(Metrics(0, Loss(0)), stored[0]); // epoch 0 as it came
        Assert.Equal(epochs, stored[^1].Epoch);
        Assert.Equal(Loss(epochs), stored[^1].TrainLoss); // the last epoch's own numbers
        Assert.Equal(epochs - width + 1, stored[^1].Bucket!.FirstEpoch);
        var spike = Assert.Single(stored, s => s.Bucket is { } b && b.FirstEpoch <= 777_777 && 777_777 <= s.Epoch);
        Assert.Equal(50.0, spike.Bucket!.TrainLossMax);
        Assert.Equal(Loss(spike.Epoch), spike.Bucket.TrainLossMin); // the loss falls: the bucket's lowest is its last
        Assert.Equal(50.0 / 2, spike.Bucket.GradNormMax);
        Assert.Equal(1 - 50.0 / 10, spike.Bucket.TrainAccuracyMin);
        // Buckets tile the epochs with no gap or overlap.
        for (var i = 1; i < stored.Count; i++) Assert.Equal(stored[i - 1].Epoch + 1, stored[i].Bucket?.FirstEpoch ?? stored[i].Epoch);
    }

    [Fact]
    public void A_flush_closes_a_bucket_early_and_later_buckets_keep_their_boundaries()
    {
        var stored = new List<EpochMetrics>();
        var buckets = new EpochBuckets(4, stored.Add);

        for (var e = 10; e <= 20; e++) // a phase whose epoch 0 is numbered 10
        {
            buckets.Add(Metrics(e, e));
            if (e == 16) buckets.Flush(); // a checkpoint after epoch 16
        }
        buckets.Flush();

        Assert.Equal([10, 14, 16, 18, 20], stored.Select(s => s.Epoch));
        Assert.Equal([null, 11, 15, 17, 19], stored.Select(s => s.Bucket?.FirstEpoch));
        Assert.Equal((11.0, 14.0), (stored[1].Bucket!.TrainLossMin, stored[1].Bucket!.TrainLossMax));
    }

    [Fact]
    public void With_width_1_every_epoch_goes_out_unchanged()
    {
        var stored = new List<EpochMetrics>();
        var buckets = new EpochBuckets(EpochRecording.BucketWidth(2_000), stored.Add);
        var epochs = Enumerable.Range(0, 2_001).Select(e => Metrics(e, Loss(e))).ToList();

        epochs.ForEach(buckets.Add);
        buckets.Flush();

        Assert.Equal(epochs, stored);
    }

    [Fact]
    public void A_single_epoch_left_at_a_flush_is_that_epoch_alone()
    {
        var stored = new List<EpochMetrics>();
        var buckets = new EpochBuckets(5, stored.Add);
        for (var e = 0; e <= 6; e++) buckets.Add(Metrics(e, e));
        buckets.Flush();
        buckets.Flush(); // nothing open: nothing sent

        Assert.Equal([0, 5, 6], stored.Select(s => s.Epoch));
        Assert.Null(stored[^1].Bucket);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpochBuckets(0, _ => { }));
    }
}
