using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;

namespace HessianWeb.Tests.Client.Training;

/// <summary>training.testEvery: when the test set is evaluated.</summary>
public sealed class TestScheduleTests : IDisposable
{
    readonly BlobTensors blobs = new(new DataSpec { TrainSize = 30, TestSize = 20 });
    readonly Mlp model = Mlp.Create(new ModelSpec { HiddenWidths = [6] }, 2, 4, torch.CPU);

    DataTensors train => blobs.Train;
    DataTensors test => blobs.Test;

    public void Dispose()
    {
        blobs.Dispose();
        model.Dispose();
    }

    [Fact]
    public void The_test_set_is_evaluated_every_n_epochs_and_at_epoch_0_checkpoints_and_the_last_epoch()
    {
        var epochs = new List<EpochMetrics>();
        var testLosses = new Dictionary<int, double>();
        var checkpoints = new TrainingCheckpoints(5, e => testLosses[e] = CrossEntropy.Evaluate(model, test).Loss);

        new TrainingLoop(model, train, test, new TrainingSpec { Epochs = 10, GradNormTolerance = 0, TestEvery = 4 })
            .Run(epochs.Add, CancellationToken.None, checkpoints);

        Assert.Equal([0, 4, 5, 8, 10], epochs.Where(e => e.TestLoss is not null).Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(e.TestLoss is null, e.TestAccuracy is null));
        Assert.Equal(testLosses[5], epochs[5].TestLoss!.Value, 1e-12); // the checkpoint's own weights
        Assert.Equal(CrossEntropy.Evaluate(model, test).Loss, epochs[^1].TestLoss!.Value, 1e-12); // the model holds the final weights
    }

    [Fact]
    public void A_run_stopped_early_evaluates_its_last_epoch()
    {
        var epochs = new List<EpochMetrics>();
        var losses = new List<EpochMetrics>();
        new TrainingLoop(model, train, test, new TrainingSpec { Epochs = 6, GradNormTolerance = 0, TestEvery = 100 }).Run(losses.Add, CancellationToken.None);
        model.SetFlatParameters(Mlp.Create(new ModelSpec { HiddenWidths = [6] }, 2, 4, torch.CPU).GetFlatParameters());

        var outcome = new TrainingLoop(model, train, test, new TrainingSpec { Epochs = 100, GradNormTolerance = 0, LossTolerance = losses[3].TrainLoss, TestEvery = 100 })
            .Run(epochs.Add, CancellationToken.None);

        Assert.Equal(TrainingOutcome.LossBelowTolerance, outcome);
        Assert.Equal([0, 3], epochs.Where(e => e.TestLoss is not null).Select(e => e.Epoch));
    }

    [Theory]
    [InlineData(2_000, 1)]
    [InlineData(2_001, 2)]
    [InlineData(100_000, 50)]
    [InlineData(1_000_000, 500)]
    [InlineData(0, 1)]
    public void By_default_a_long_run_is_evaluated_about_2000_times(int limit, int every)
    {
        Assert.Equal(every, EpochRecording.BucketWidth(limit));
        Assert.InRange((limit + every - 1) / every, 0, EpochRecording.MaxBuckets);
    }

    [Fact]
    public void The_default_schedule_evaluates_every_bucket_width()
    {
        var epochs = new List<EpochMetrics>();
        new TrainingLoop(model, train, test, new TrainingSpec { Epochs = 4_500, GradNormTolerance = 0 }).Run(epochs.Add, CancellationToken.None);

        Assert.Equal(4_501, epochs.Count);
        Assert.Equal(Enumerable.Range(0, 1_501).Select(k => 3 * k), epochs.Where(e => e.TestLoss is not null).Select(e => e.Epoch));
    }

    [Fact]
    public void A_test_interval_below_1_is_refused_by_name() =>
        Assert.Contains("training.testEvery", SpecValidator.Validate(new ExperimentSpec { Training = new TrainingSpec { TestEvery = 0 } }).Keys);
}
