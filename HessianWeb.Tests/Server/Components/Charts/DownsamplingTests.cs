using HessianWeb.Server.Components.Charts;

namespace HessianWeb.Tests.Server.Components.Charts;

public sealed class DownsamplingTests
{
    [Fact]
    public void A_series_that_fits_comes_back_unchanged()
    {
        var points = Enumerable.Range(0, 1_500).Select(i => ((double)i, Math.Sin(i))).ToList();

        Assert.Same(points, Downsampling.MinMax(points));
    }

    [Fact]
    public void A_long_series_keeps_at_most_the_budget_its_ends_and_its_order()
    {
        // Seeded noise; x strictly increasing but unevenly spaced.
        var random = new Random(11);
        var x = 0.0;
        var points = Enumerable.Range(0, 100_000).Select(_ => (x += 0.001 + random.NextDouble(), random.NextDouble())).ToList();

        var kept = Downsampling.MinMax(points);

        Assert.InRange(kept.Count, 1_900, Downsampling.MaxPoints);
        Assert.Equal(points[0], kept[0]);
        Assert.Equal(points[^1], kept[^1]);
        Assert.All(kept.Zip(kept.Skip(1)), pair => Assert.True(pair.Second.X > pair.First.X));
        // Every point kept is a point of the series, none invented.
        var original = points.ToHashSet();
        Assert.All(kept, p => Assert.Contains(p, original));
    }

    [Fact]
    public void A_one_point_spike_and_a_one_point_dip_survive()
    {
        var points = Enumerable.Range(0, 50_000).Select(i => ((double)i, 1.0)).ToList();
        points[12_345] = (12_345, 1e6);
        points[40_001] = (40_001, -3);

        var kept = Downsampling.MinMax(points, maxPoints: 500);

        Assert.True(kept.Count <= 500);
        Assert.Contains((12_345.0, 1e6), kept);
        Assert.Contains((40_001.0, -3.0), kept);
    }

    [Fact]
    public void Sorted_eigenvalues_keep_the_largest_the_smallest_and_stay_sorted()
    {
        var random = new Random(5);
        var eigenvalues = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() * random.NextDouble()).Append(42).Append(-0.3)
            .OrderDescending().ToArray();

        var kept = Downsampling.Sorted(eigenvalues);

        Assert.True(kept.Count <= Downsampling.MaxPoints);
        Assert.Equal((1.0, 42.0), kept[0]);
        Assert.Equal((eigenvalues.Length, -0.3), kept[^1]);
        Assert.All(kept.Zip(kept.Skip(1)), pair =>
        {
            Assert.True(pair.Second.X > pair.First.X);
            Assert.True(pair.Second.Y <= pair.First.Y);
        });
        // Each kept point is λ at its own index.
        Assert.All(kept, p => Assert.Equal(eigenvalues[(int)p.X - 1], p.Y));
    }

    [Fact]
    public void A_band_becomes_its_envelope_and_is_never_narrower()
    {
        var band = Enumerable.Range(0, 30_001).Select(i => ((double)i, -1.0 - (i == 777 ? 9 : 0), 1.0 + (i == 29_000 ? 5 : 0))).ToList();

        var kept = Downsampling.Envelope(band);

        Assert.True(kept.Count <= Downsampling.MaxPoints);
        Assert.Equal(-10, kept.Min(p => p.Low));
        Assert.Equal(6, kept.Max(p => p.High));
        Assert.Equal(band[0], kept[0]);
        Assert.Equal(band[^1], kept[^1]);
        Assert.All(kept.Zip(kept.Skip(1)), pair => Assert.True(pair.Second.X >= pair.First.X));
        // At every original x, some kept segment around it reaches at least as far.
        var at777 = kept.Where(p => p.X <= 777).Last();
        Assert.Equal(-10, at777.Low);
    }

    [Fact]
    public void A_small_band_passes_through() =>
        Assert.Equal(3, Downsampling.Envelope([(0, 0, 1), (1, 0, 2), (2, 1, 3)]).Count);
}

public sealed class TrainingCurveThinningTests
{
    [Fact]
    public void A_long_run_keeps_about_2000_points_a_curve_and_its_loss_spike()
    {
        var epochs = Enumerable.Range(1, 20_000)
            .Select(e => new HessianWeb.Shared.Runs.EpochMetrics(e, e == 12_345 ? 9.0 : 1.0 / e, 0.5, null, null, 0.1)).ToList();

        var bucket = Downsampling.BucketSize(20_000);
        var points = HessianWeb.Server.Components.Pages.Runs.TrainingCharts.Thin(epochs, bucket, e => e.TrainLoss).ToList();

        Assert.Equal(20, bucket);
        Assert.InRange(points.Count, 1_900, Downsampling.MaxPoints);
        Assert.Contains((12_345.0, 9.0), points);
        Assert.Equal((1.0, 1.0), points[0]);
        Assert.All(points.Zip(points.Skip(1)), pair => Assert.True(pair.Second.Item1 > pair.First.Item1));
    }

    [Fact]
    public void Stored_buckets_draw_their_lowest_and_highest_loss_so_a_spike_inside_one_stays()
    {
        // Epoch 0, then buckets of 500 epochs as the worker stores a million-epoch run (EpochRecording): the loss falls as 1/e,
        // with one spike to 9 inside the bucket 777,501 … 778,000.
        var epochs = new List<HessianWeb.Shared.Runs.EpochMetrics> { new(0, 2.0, 0.25, 2.1, 0.25, 1.0) };
        for (var last = 500; last <= 1_000_000; last += 500)
        {
            var first = last - 499;
            var max = first <= 777_777 && 777_777 <= last ? 9.0 : 1.0 / first;
            epochs.Add(new(last, 1.0 / last, 0.9, 1.1 / last, 0.8, 0.1 / last, null,
                new HessianWeb.Shared.Runs.EpochBucket(first, 1.0 / last, max, 0.8, 0.9, 0.1 / last, 0.1 / first)));
        }

        var bucket = Downsampling.BucketSize(Math.Min(1_000_000, HessianWeb.Shared.Runs.EpochRecording.MaxBuckets));
        var loss = HessianWeb.Server.Components.Pages.Runs.TrainingCharts.Thin(epochs, bucket, e => e.TrainLoss, b => (b.TrainLossMin, b.TrainLossMax)).ToList();
        var test = HessianWeb.Server.Components.Pages.Runs.TrainingCharts.Thin(epochs, bucket, e => e.TestLoss).ToList();

        Assert.Equal(2, bucket);
        Assert.InRange(loss.Count, 1_000, Downsampling.MaxPoints + 2); // two points a chunk of two events; epoch 0 makes the 1,001st chunk
        Assert.Contains(loss, p => p.Item2 == 9.0 && p.Item1 >= 777_501 && p.Item1 <= 778_000);
        Assert.Equal((1_000_000.0, 1.0 / 1_000_000), loss[^1]); // the last epoch's exact loss is the last bucket's lowest
        Assert.Equal((0.0, 2.0), loss[0]);
        Assert.All(loss.Zip(loss.Skip(1)), pair => Assert.True(pair.Second.Item1 > pair.First.Item1));
        Assert.Equal((1_000_000.0, 1.1 / 1_000_000), test[^1]); // test metrics: one exact point per stored event
    }

    [Fact]
    public void Up_to_about_1000_epochs_every_epoch_is_drawn() =>
        Assert.Equal(1, Downsampling.BucketSize(1_000));
}
