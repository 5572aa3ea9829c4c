using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>A run longer than <see cref="EpochRecording.MaxBuckets"/> epochs a phase reports a bounded number of epoch events.</summary>
public class LongRunStorageTests
{
    static readonly AnalysisSpec Light = new()
    {
        Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false }, Exact = ExactSpectrumMode.Never,
        LanczosK = 2, LanczosBottomK = 0, LanczosMaxSteps = 10,
    };

    [Fact]
    public void A_10001_epoch_run_reports_buckets_with_epoch_0_checkpoints_and_the_last_epoch_exact()
    {
        var spec = new ExperimentSpec
        {
            Data = new DataSpec { TrainSize = 20, TestSize = 10 },
            Model = new ModelSpec { HiddenWidths = [3] },
            Training = new TrainingSpec { Epochs = 10_001, GradNormTolerance = 0 },
            Analysis = Light with { EveryEpochs = 2_500 },
        };
        var reporter = new RecordingReporter();

        RecordedRun.Executor.Execute(spec, reporter, CancellationToken.None);

        var epochs = reporter.Epochs.ToList();
        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        Assert.Equal(6, EpochRecording.BucketWidth(10_001));
        Assert.InRange(epochs.Count, 1_600, EpochRecording.MaxBuckets + 1 + 3); // 1 + ⌈10,001 / 6⌉ + a closing per checkpoint
        Assert.Equal(0, epochs[0].Epoch);
        Assert.Null(epochs[0].Bucket);
        Assert.NotNull(epochs[0].TestLoss);
        Assert.Equal(10_001, epochs[^1].Epoch);
        Assert.NotNull(epochs[^1].TestLoss);
        foreach (var checkpoint in new[] { 2_500, 5_000, 7_500 })
        {
            var at = reporter.Reports.FindIndex(r => r is ArtifactResult a && a.Checkpoint == Checkpoints.AtEpoch(checkpoint));
            var before = Assert.IsType<EpochMetrics>(reporter.Reports[at - 2]); // the bucket closed at the checkpoint's epoch
            Assert.Equal(checkpoint, before.Epoch);
            Assert.NotNull(before.TestLoss);
        }
        Assert.All(epochs.Where(e => e.Bucket is not null), e =>
        {
            Assert.InRange(e.Bucket!.TrainLossMin, double.MinValue, e.TrainLoss);
            Assert.InRange(e.Bucket.TrainLossMax, e.TrainLoss, double.MaxValue);
            Assert.InRange(e.Epoch - e.Bucket.FirstEpoch, 1, 5);
            Assert.NotNull(e.TestLoss); // every bucket closes on an evaluated epoch under the default schedule
        });
        for (var i = 1; i < epochs.Count; i++) Assert.Equal(epochs[i - 1].Epoch + 1, epochs[i].Bucket?.FirstEpoch ?? epochs[i].Epoch);
    }

    [Fact]
    public void The_100000_epoch_example_is_the_quickstart_at_the_authors_length_and_stores_at_most_2001_epochs()
    {
        var quickstart = JsonFormat.Deserialize<ExperimentSpec>(File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "quickstart.json")))!;
        var example = JsonFormat.Deserialize<ExperimentSpec>(File.ReadAllText(Path.Combine(RepoRoot.Path, "examples", "quickstart-100k.json")))!;

        Assert.Empty(SpecValidator.Validate(example));
        var expected = quickstart with { Name = example.Name, Training = quickstart.Training with { Epochs = 100_000, GradNormTolerance = 0 } };
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, JsonFormat.Options), System.Text.Json.JsonSerializer.Serialize(example, JsonFormat.Options));
        Assert.Equal(50, EpochRecording.BucketWidth(example.Training.Epochs)); // epoch 0 and 2,000 buckets of 50
    }
}
