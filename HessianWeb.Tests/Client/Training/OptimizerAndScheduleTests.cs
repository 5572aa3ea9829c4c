using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Client.Training.Optimizers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Training;

public sealed class OptimizerAndScheduleTests : IDisposable
{
    readonly DataTensors train;
    readonly DataTensors test;

    public OptimizerAndScheduleTests()
    {
        var data = GaussianBlobs.Generate(new DataSpec { TrainSize = 40, TestSize = 20 });
        train = DataTensors.From(data.Train, torch.CPU);
        test = DataTensors.From(data.Test, torch.CPU);
    }

    public void Dispose()
    {
        train.Dispose();
        test.Dispose();
    }

    static Mlp NewModel() => Mlp.Create(new ModelSpec { HiddenWidths = [6] }, 2, 4, torch.CPU);

    List<EpochMetrics> Train(Mlp model, TrainingSpec spec, out TrainingOutcome outcome, bool managed = true)
    {
        var epochs = new List<EpochMetrics>();
        outcome = new TrainingLoop(model, train, test, spec) { AllowManaged = managed }.Run(epochs.Add, CancellationToken.None);
        return epochs;
    }

    /// <summary>
    /// The TorchSharp engine takes the very steps written here with torch ops, bit for bit; the managed engine (a small MLP's
    /// default) sums its gradient in another order, so it agrees to 1e-14 after these few steps (weights of order 0.1).
    /// </summary>
    static void AssertSameWeights(double[] expected, double[] actual, bool managed)
    {
        if (!managed)
        {
            Assert.Equal(expected, actual);
            return;
        }
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-14);
    }

    Tensor[] Gradients(Mlp model)
    {
        var loss = CrossEntropy.Loss(model, train.Inputs, train.Labels);
        return torch.autograd.grad([loss], model.Parameters.Cast<Tensor>().ToList()).ToArray();
    }

    // The quadratic L(θ) = ½ Σ aᵢ θᵢ², whose gradient is a ⊙ θ, by hand.
    static readonly double[] Curvatures = [2.0, 0.5, 4.0];

    static double[] Gradient(double[] theta) => theta.Select((t, i) => Curvatures[i] * t).ToArray();

    [Fact]
    public void Momentum_sgd_with_weight_decay_takes_pytorchs_two_steps_on_a_quadratic()
    {
        const double eta = 0.1, mu = 0.9, lambda = 0.01;
        double[] start = [1.0, -2.0, 0.5];
        using var theta = torch.tensor(start, dtype: ScalarType.Float64);
        using var optimizer = new SgdOptimizer([theta], mu, lambda);

        for (var step = 0; step < 2; step++)
        {
            using var g = torch.tensor(Gradient(theta.data<double>().ToArray()), dtype: ScalarType.Float64);
            optimizer.Step([g], eta);
        }

        // By hand: g₁ = aθ₀ + λθ₀, b₁ = g₁, θ₁ = θ₀ − ηb₁; g₂ = aθ₁ + λθ₁, b₂ = μb₁ + g₂, θ₂ = θ₁ − ηb₂.
        var expected = start.Select((t0, i) =>
        {
            var b1 = Curvatures[i] * t0 + lambda * t0;
            var t1 = t0 - eta * b1;
            var b2 = mu * b1 + (Curvatures[i] * t1 + lambda * t1);
            return t1 - eta * b2;
        }).ToArray();
        var actual = theta.data<double>().ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-15);
    }

    [Fact]
    public void Adams_first_step_is_the_learning_rate_times_the_gradients_sign_up_to_epsilon()
    {
        const double eta = 0.01, eps = 1e-8;
        double[] start = [1.0, -2.0, 0.5];
        using var theta = torch.tensor(start, dtype: ScalarType.Float64);
        using var optimizer = new AdamOptimizer([theta], 0.9, 0.999, eps);
        var gradient = Gradient(start);
        using var g = torch.tensor(gradient, dtype: ScalarType.Float64);

        optimizer.Step([g], eta);

        // m₁ = (1 − β₁)g, v₁ = (1 − β₂)g², so m̂ = g and v̂ = g²: θ₁ = θ₀ − η·g/(|g| + ε).
        var actual = theta.data<double>().ToArray();
        for (var i = 0; i < start.Length; i++)
            Assert.Equal(start[i] - eta * gradient[i] / (Math.Abs(gradient[i]) + eps), actual[i], 1e-15);
    }

    [Fact]
    public void Adams_second_step_follows_the_bias_corrected_moments()
    {
        const double eta = 0.01, b1 = 0.8, b2 = 0.9, eps = 1e-6;
        double[] start = [1.0, -2.0, 0.5];
        using var theta = torch.tensor(start, dtype: ScalarType.Float64);
        using var optimizer = new AdamOptimizer([theta], b1, b2, eps);
        for (var step = 0; step < 2; step++)
        {
            using var g = torch.tensor(Gradient(theta.data<double>().ToArray()), dtype: ScalarType.Float64);
            optimizer.Step([g], eta);
        }

        var actual = theta.data<double>().ToArray();
        for (var i = 0; i < start.Length; i++)
        {
            var g1 = Curvatures[i] * start[i];
            var t1 = start[i] - eta * g1 / (Math.Abs(g1) + eps);
            var g2 = Curvatures[i] * t1;
            var m = b1 * (1 - b1) * g1 + (1 - b1) * g2;
            var v = b2 * (1 - b2) * g1 * g1 + (1 - b2) * g2 * g2;
            var expected = t1 - eta * (m / (1 - b1 * b1)) / (Math.Sqrt(v / (1 - b2 * b2)) + eps);
            Assert.Equal(expected, actual[i], 1e-14);
        }
    }

    [Fact]
    public void The_step_schedule_decays_by_the_factor_every_n_epochs()
    {
        var spec = new TrainingSpec { LearningRate = 1, Schedule = LearningRateSchedule.Step, StepEvery = 2, StepFactor = 0.5 };
        Assert.Equal([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125], Enumerable.Range(0, 7).Select(e => LearningRates.At(spec, e)));
        var constant = new TrainingSpec { LearningRate = 0.3 };
        Assert.All(Enumerable.Range(0, 5), e => Assert.Equal(0.3, LearningRates.At(constant, e)));
    }

    [Fact]
    public void The_cosine_schedule_falls_from_the_learning_rate_to_zero_over_the_epochs()
    {
        var spec = new TrainingSpec { LearningRate = 2, Schedule = LearningRateSchedule.Cosine, Epochs = 4 };
        double[] expected = [2, 1 + Math.Sqrt(0.5), 1, 1 - Math.Sqrt(0.5), 0];
        var actual = Enumerable.Range(0, 5).Select(e => LearningRates.At(spec, e)).ToArray();
        for (var e = 0; e < expected.Length; e++) Assert.Equal(expected[e], actual[e], 1e-15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Full_batch_training_uses_each_epochs_scheduled_learning_rate(bool managed)
    {
        var spec = new TrainingSpec { LearningRate = 0.5, Epochs = 3, GradNormTolerance = 0, Schedule = LearningRateSchedule.Step, StepEvery = 1, StepFactor = 0.5 };
        using var trained = NewModel();
        using var byHand = NewModel();

        Train(trained, spec, out _, managed);
        for (var e = 0; e < 3; e++)
        {
            using var scope = torch.NewDisposeScope();
            var gradients = Gradients(byHand);
            using var noGrad = torch.no_grad();
            for (var i = 0; i < gradients.Length; i++) byHand.Parameters[i].add_(gradients[i], alpha: -0.5 * Math.Pow(0.5, e));
        }

        AssertSameWeights(byHand.GetFlatParameters(), trained.GetFlatParameters(), managed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_default_optimizer_is_todays_plain_gradient_step(bool managed)
    {
        using var trained = NewModel();
        using var byHand = NewModel();
        Train(trained, new TrainingSpec { LearningRate = 0.3, Epochs = 4, GradNormTolerance = 0 }, out _, managed);
        for (var e = 0; e < 4; e++)
        {
            using var scope = torch.NewDisposeScope();
            var gradients = Gradients(byHand);
            using var noGrad = torch.no_grad();
            for (var i = 0; i < gradients.Length; i++) byHand.Parameters[i].add_(gradients[i], alpha: -0.3);
        }
        AssertSameWeights(byHand.GetFlatParameters(), trained.GetFlatParameters(), managed);
    }

    [Fact]
    public void Training_stops_at_the_first_epoch_whose_loss_is_within_the_tolerance()
    {
        using var reference = NewModel();
        var losses = Train(reference, new TrainingSpec { Epochs = 10, GradNormTolerance = 0 }, out _).Select(e => e.TrainLoss).ToArray();
        var tolerance = losses[5];
        var first = Array.FindIndex(losses, l => l <= tolerance);

        using var model = NewModel();
        var epochs = Train(model, new TrainingSpec { Epochs = 10, GradNormTolerance = 0, LossTolerance = tolerance }, out var outcome);

        Assert.Equal(TrainingOutcome.LossBelowTolerance, outcome);
        Assert.InRange(first, 1, 5);
        Assert.Equal(first, epochs[^1].Epoch);
        Assert.Equal(losses[..(first + 1)], epochs.Select(e => e.TrainLoss));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, 0.0, LearningRateSchedule.Cosine)]
    [InlineData(OptimizerKind.Sgd, 0.9, LearningRateSchedule.Step)]
    public void The_same_seeds_give_bitwise_identical_weights_with_mini_batches(OptimizerKind optimizer, double momentum, LearningRateSchedule schedule)
    {
        var spec = new TrainingSpec
        {
            Optimizer = optimizer, Momentum = momentum, WeightDecay = 1e-3, Schedule = schedule, StepEvery = 2,
            LearningRate = 0.01, BatchSize = 7, Epochs = 6, GradNormTolerance = 0, Seed = 5,
        };
        using var first = Mlp.Create(new ModelSpec { HiddenWidths = [8, 5], Init = InitKind.He, Seed = 2 }, 2, 4, torch.CPU);
        using var second = Mlp.Create(new ModelSpec { HiddenWidths = [8, 5], Init = InitKind.He, Seed = 2 }, 2, 4, torch.CPU);
        var start = first.GetFlatParameters();

        var a = Train(first, spec, out _);
        var b = Train(second, spec, out _);

        Assert.Equal(first.GetFlatParameters(), second.GetFlatParameters()); // exact, bit for bit
        Assert.Equal(a.Select(e => e.TrainLoss), b.Select(e => e.TrainLoss));
        Assert.NotEqual(start, first.GetFlatParameters());
    }
}
