using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Client.Training.Engines;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Training;

/// <summary>The fused managed MLP step against TorchSharp's autograd on the same weights and data.</summary>
public sealed class ManagedMlpEngineTests : IDisposable
{
    readonly BlobTensors blobs = new(new DataSpec { TrainSize = 37, TestSize = 21, Seed = 3 });

    DataTensors train => blobs.Train;
    DataTensors test => blobs.Test;

    public void Dispose() => blobs.Dispose();

    static Mlp Model(Activation activation, bool bias = true, ScalarType dtype = ScalarType.Float64) =>
        Mlp.Create(new ModelSpec { HiddenWidths = [7, 5], Activation = activation, Bias = bias, InitStd = 0.5, Seed = 4 }, 2, 4, torch.CPU, dtype);

    static (double Loss, double[] Gradient) Autograd(Mlp model, DataTensors set, LossFunction loss, long[]? rows = null)
    {
        using var scope = torch.NewDisposeScope();
        var (x, y) = (set.Inputs, set.Labels);
        if (rows is not null)
        {
            var index = torch.tensor(rows);
            (x, y) = (x.index_select(0, index), y.index_select(0, index));
        }
        var value = TrainingLoss.Mean(loss, model.forward(x), y);
        var gradients = torch.autograd.grad([value], model.Parameters.Cast<Tensor>().ToList());
        return (TrainingLoop.Scalar(value.detach()), torch.cat(gradients.Select(g => g.flatten().to_type(ScalarType.Float64)).ToList(), 0).data<double>().ToArray());
    }

    static (double Loss, double[] Gradient) Managed(Mlp model, DataTensors set, LossFunction loss, long[]? rows = null)
    {
        var kernel = new MlpKernel<double>([.. model.FanIns, model.FanOuts[^1]], model.HasBias, model.Activation, loss, (int)set.Count);
        var gradient = new double[kernel.Count];
        var (value, _) = kernel.Run(model.GetFlatParameters(), set.Inputs.data<double>().ToArray(), set.Labels.data<long>().ToArray(), rows, gradient);
        return (value, gradient);
    }

    [Theory]
    [InlineData(Activation.Relu, LossFunction.CrossEntropy, true)]
    [InlineData(Activation.Tanh, LossFunction.CrossEntropy, true)]
    [InlineData(Activation.Sigmoid, LossFunction.CrossEntropy, false)]
    [InlineData(Activation.Identity, LossFunction.CrossEntropy, true)]
    [InlineData(Activation.Relu, LossFunction.MeanSquaredError, true)]
    [InlineData(Activation.Tanh, LossFunction.MeanSquaredError, false)]
    [InlineData(Activation.Sigmoid, LossFunction.MeanSquaredError, true)]
    [InlineData(Activation.Identity, LossFunction.MeanSquaredError, true)]
    public void Float64_loss_and_gradient_agree_with_autograd_to_1e_12(Activation activation, LossFunction loss, bool bias)
    {
        using var model = Model(activation, bias);

        var (expectedLoss, expected) = Autograd(model, train, loss);
        var (actualLoss, actual) = Managed(model, train, loss);

        Assert.Equal(model.ParameterCount, actual.Length);
        Assert.Equal(expectedLoss, actualLoss, 1e-12);
        Assert.Contains(expected, g => Math.Abs(g) > 1e-3); // a gradient with something in it
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    [Fact]
    public void A_mini_batch_of_rows_is_the_gradient_of_those_rows()
    {
        using var model = Model(Activation.Relu);
        long[] rows = [5, 0, 33, 12, 12, 7];

        var (expectedLoss, expected) = Autograd(model, train, LossFunction.CrossEntropy, rows);
        var (actualLoss, actual) = Managed(model, train, LossFunction.CrossEntropy, rows);

        Assert.Equal(expectedLoss, actualLoss, 1e-12);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    [Fact]
    public void Float32_loss_and_gradient_agree_with_float32_autograd_to_float32_rounding()
    {
        using var model = Model(Activation.Tanh, dtype: ScalarType.Float32);
        using var train32 = DataTensors.From(blobs.Data.Train, torch.CPU, ScalarType.Float32);
        var kernel = new MlpKernel<float>([.. model.FanIns, model.FanOuts[^1]], true, Activation.Tanh, LossFunction.CrossEntropy, (int)train32.Count);
        var gradient = new float[kernel.Count];
        var weights = model.Parameters.SelectMany(p => p.data<float>().ToArray()).ToArray();

        var (loss, _) = kernel.Run(weights, train32.Inputs.data<float>().ToArray(), train32.Labels.data<long>().ToArray(), default, gradient);
        var (expectedLoss, expected) = Autograd(model, train32, LossFunction.CrossEntropy);

        Assert.Equal(expectedLoss, loss, 1e-5);
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gradient[i], 1e-5 * scale); // float32's ε is 1.2e-7
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.0, 0.0, null, LossFunction.CrossEntropy)]
    [InlineData(OptimizerKind.Sgd, 0.9, 1e-3, null, LossFunction.CrossEntropy)]
    [InlineData(OptimizerKind.Adam, 0.0, 1e-3, null, LossFunction.MeanSquaredError)]
    [InlineData(OptimizerKind.Sgd, 0.5, 0.0, 8, LossFunction.CrossEntropy)]
    [InlineData(OptimizerKind.Adam, 0.0, 0.0, 8, LossFunction.CrossEntropy)]
    public void Training_on_the_managed_engine_follows_the_torchsharp_engine(OptimizerKind optimizer, double momentum, double decay, int? batch, LossFunction loss)
    {
        var spec = new TrainingSpec
        {
            Optimizer = optimizer, Momentum = momentum, WeightDecay = decay, BatchSize = batch, LearningRate = optimizer == OptimizerKind.Adam ? 0.01 : 0.2,
            Epochs = 40, GradNormTolerance = 0, Schedule = LearningRateSchedule.Cosine, Seed = 9,
        };
        using var managed = Model(Activation.Tanh);
        using var reference = Model(Activation.Tanh);
        var start = managed.GetFlatParameters();
        var a = new List<EpochMetrics>();
        var b = new List<EpochMetrics>();

        Assert.True(TrainingEngines.UsesManaged(managed, train.Count));
        new TrainingLoop(managed, train, test, spec, loss).Run(a.Add, CancellationToken.None);
        new TrainingLoop(reference, train, test, spec, loss) { AllowManaged = false }.Run(b.Add, CancellationToken.None);

        var trained = managed.GetFlatParameters();
        Assert.NotEqual(start, trained);
        // Forty steps from the same start: the two engines differ by summation order alone (a few ulps a step).
        var expected = reference.GetFlatParameters();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], trained[i], 1e-12);
        Assert.Equal(b.Count, a.Count);
        for (var e = 0; e < a.Count; e++)
        {
            Assert.Equal(b[e].TrainLoss, a[e].TrainLoss, 1e-12);
            Assert.Equal(b[e].GradNorm, a[e].GradNorm, 1e-12);
            Assert.Equal(b[e].TrainAccuracy, a[e].TrainAccuracy);
            Assert.Equal(b[e].TestLoss is null, a[e].TestLoss is null);
            if (a[e].TestLoss is { } t) Assert.Equal(b[e].TestLoss!.Value, t, 1e-12);
        }
    }

    [Fact]
    public void The_engine_choice_is_the_managed_one_only_for_a_small_mlp()
    {
        using var small = Model(Activation.Relu);
        using var large = Mlp.Create(new ModelSpec { HiddenWidths = [256] }, 784, 10, torch.CPU);

        Assert.True(TrainingEngines.UsesManaged(small, 1_000));
        Assert.False(TrainingEngines.UsesManaged(large, 100)); // 203,530 parameters × 100 rows > 1,000,000
        Assert.IsType<TorchEngine>(TrainingEngines.For(small, train, new TrainingSpec(), LossFunction.CrossEntropy, managed: false));
    }
}
