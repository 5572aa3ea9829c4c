using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Training;

public sealed class TrainingLoopTests : IDisposable
{
    readonly BlobTensors blobs = new(new DataSpec { TrainSize = 40, TestSize = 20 });
    readonly Mlp model = Mlp.Create(new ModelSpec { HiddenWidths = [6] }, 2, 4, torch.CPU);

    DataTensors train => blobs.Train;
    DataTensors test => blobs.Test;

    public void Dispose()
    {
        blobs.Dispose();
        model.Dispose();
    }

    double[] Gradient()
    {
        using var scope = torch.NewDisposeScope();
        var gradients = torch.autograd.grad([CrossEntropy.Loss(model, train.Inputs, train.Labels)], model.Parameters.Cast<Tensor>().ToList());
        return torch.cat(gradients.Select(g => g.flatten()).ToList(), 0).data<double>().ToArray();
    }

    List<EpochMetrics> Train(TrainingSpec spec, out TrainingOutcome outcome)
    {
        var epochs = new List<EpochMetrics>();
        outcome = new TrainingLoop(model, train, test, spec).Run(epochs.Add, CancellationToken.None);
        return epochs;
    }

    [Fact]
    public void One_full_batch_epoch_is_one_gradient_step_and_epoch_zero_is_the_initialisation()
    {
        var start = model.GetFlatParameters();
        var gradient = Gradient();
        var (initialLoss, initialAccuracy) = CrossEntropy.Evaluate(model, train);

        var epochs = Train(new TrainingSpec { LearningRate = 0.5, Epochs = 1, GradNormTolerance = 0 }, out var outcome);

        Assert.Equal(TrainingOutcome.EpochLimitReached, outcome);
        Assert.Equal([0, 1], epochs.Select(e => e.Epoch));
        Assert.Equal(initialLoss, epochs[0].TrainLoss, 1e-15);
        Assert.Equal(initialAccuracy, epochs[0].TrainAccuracy);
        Assert.Equal(Math.Sqrt(gradient.Sum(g => g * g)), epochs[0].GradNorm, 1e-15);
        Assert.NotNull(epochs[0].TestLoss);
        var after = model.GetFlatParameters();
        for (var i = 0; i < start.Length; i++) Assert.Equal(start[i] - 0.5 * gradient[i], after[i], 1e-15);
        Assert.Equal(CrossEntropy.Evaluate(model, train).Loss, epochs[1].TrainLoss, 1e-15);
    }

    [Fact]
    public void Training_stops_once_the_gradient_norm_is_within_tolerance()
    {
        var epochs = Train(new TrainingSpec { Epochs = 100, GradNormTolerance = 10 }, out var outcome);
        Assert.Equal(TrainingOutcome.GradientBelowTolerance, outcome);
        Assert.Single(epochs);
    }

    [Fact]
    public void Mini_batch_training_is_reproducible_for_a_seed()
    {
        var start = model.GetFlatParameters();
        var spec = new TrainingSpec { BatchSize = 7, Epochs = 3, LearningRate = 0.3, Seed = 4 };
        var first = Train(spec, out _);
        var firstEnd = model.GetFlatParameters();
        model.SetFlatParameters(start);
        var second = Train(spec, out _);

        Assert.Equal(4, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(firstEnd, model.GetFlatParameters());
        model.SetFlatParameters(start);
        Train(spec with { Seed = 5 }, out _);
        Assert.NotEqual(firstEnd, model.GetFlatParameters());
    }

    [Fact]
    public void Checkpoints_fall_on_multiples_of_n_between_the_first_and_the_last_epoch_at_the_parameters_of_that_epoch()
    {
        var epochs = new List<EpochMetrics>();
        var reached = new List<(int Epoch, int EpochsReported, double Loss)>();
        var checkpoints = new TrainingCheckpoints(3, e => reached.Add((e, epochs.Count, CrossEntropy.Evaluate(model, train).Loss)));

        new TrainingLoop(model, train, null, new TrainingSpec { Epochs = 9, GradNormTolerance = 0 }).Run(epochs.Add, CancellationToken.None, checkpoints);

        Assert.Equal([3, 6], reached.Select(r => r.Epoch)); // not 0 (the initialisation) nor 9 (the last: the caller's end)
        Assert.All(reached, r => Assert.Equal(r.Epoch + 1, r.EpochsReported));
        Assert.All(reached, r => Assert.Equal(epochs[r.Epoch].TrainLoss, r.Loss, 1e-15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingCheckpoints(0, _ => { }));
    }

    [Fact]
    public void A_run_stopped_by_the_gradient_tolerance_takes_no_checkpoint_at_its_last_epoch()
    {
        var start = model.GetFlatParameters();
        var norms = Train(new TrainingSpec { Epochs = 200, GradNormTolerance = 0 }, out _).Select(e => e.GradNorm).ToList();
        model.SetFlatParameters(start);
        // The last record low of ‖∇L‖ in the first 200 epochs: with it as the tolerance, training stops exactly there.
        var stop = Enumerable.Range(1, 200).Last(k => norms[k] < norms.Take(k).Min());
        var reached = new List<int>();
        var epochs = new List<EpochMetrics>();

        var outcome = new TrainingLoop(model, train, null, new TrainingSpec { Epochs = 300, GradNormTolerance = norms[stop] })
            .Run(epochs.Add, CancellationToken.None, new TrainingCheckpoints(1, reached.Add));

        Assert.Equal(TrainingOutcome.GradientBelowTolerance, outcome);
        Assert.Equal(stop, epochs[^1].Epoch);
        Assert.Equal(Enumerable.Range(1, stop - 1), reached);
    }

    [Fact]
    public void Mean_squared_error_training_descends_the_mean_over_samples_of_the_squared_distance_to_one_hot_over_c()
    {
        var start = model.GetFlatParameters();
        double Mse(DataTensors set)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var f = model.forward(set.Inputs).data<double>().ToArray();
            var labels = set.Labels.data<long>().ToArray();
            double sum = 0;
            for (var i = 0; i < labels.Length; i++)
                for (var c = 0; c < 4; c++) sum += Math.Pow(f[i * 4 + c] - (labels[i] == c ? 1 : 0), 2) / 4;
            return sum / labels.Length;
        }
        var (initialTrain, initialTest) = (Mse(train), Mse(test));
        var epochs = new List<EpochMetrics>();

        new TrainingLoop(model, train, test, new TrainingSpec { Epochs = 50, GradNormTolerance = 0 }, LossFunction.MeanSquaredError)
            .Run(epochs.Add, CancellationToken.None);

        Assert.Equal(initialTrain, epochs[0].TrainLoss, 1e-15);
        Assert.Equal(initialTest, epochs[0].TestLoss!.Value, 1e-15);
        Assert.Equal(Mse(train), epochs[^1].TrainLoss, 1e-15);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss);
        Assert.NotEqual(start, model.GetFlatParameters());
    }

    [Fact]
    public void A_float32_model_trains_on_float32_data()
    {
        using var model32 = Mlp.Create(new ModelSpec { HiddenWidths = [6] }, 2, 4, torch.CPU, ScalarType.Float32);
        using var train32 = DataTensors.From(blobs.Data.Train, torch.CPU, ScalarType.Float32);
        var epochs = new List<EpochMetrics>();

        new TrainingLoop(model32, train32, null, new TrainingSpec { Epochs = 20 }).Run(epochs.Add, CancellationToken.None);

        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss);
        Assert.Equal(CrossEntropy.Evaluate(model, train).Loss, epochs[0].TrainLoss, 1e-6); // the float64 model, rounded
    }

    [Fact]
    public void A_non_finite_loss_throws_naming_the_epoch()
    {
        var epochs = new List<EpochMetrics>();
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new TrainingLoop(model, train, test, new TrainingSpec { LearningRate = 1e200 }).Run(epochs.Add, CancellationToken.None));
        Assert.Equal(epochs.Count, error.Epoch);
        Assert.Equal($"Loss became non-finite at epoch {error.Epoch}", error.Message);
    }

    [Fact]
    public void Cancellation_is_honoured_between_epochs()
    {
        using var cancellation = new CancellationTokenSource();
        var epochs = new List<EpochMetrics>();
        Assert.Throws<OperationCanceledException>(() => new TrainingLoop(model, train, null, new TrainingSpec())
            .Run(e => { epochs.Add(e); if (e.Epoch == 2) cancellation.Cancel(); }, cancellation.Token));
        Assert.Equal(3, epochs.Count);
        Assert.All(epochs, e => Assert.Null(e.TestAccuracy));
    }
}
