using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

[Collection(nameof(TorchThreadSensitive))]
public class BatchedHessianVectorProductTests
{
    static double[] RandomVector(int n, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextNormal()).ToArray();
    }

    static double[] Apply(HessianWeb.Client.Spectral.ISymmetricOperator op, double[] v)
    {
        var result = new double[op.Dimension];
        op.Apply(v, result);
        return result;
    }

    static double MaxRelative(double[] actual, double[] expected) =>
        actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) / expected.Max(Math.Abs);

    [Theory]
    [InlineData(LossFunction.CrossEntropy)]
    [InlineData(LossFunction.MeanSquaredError)]
    public void Mini_batches_weighted_by_size_add_up_to_the_full_batch_product_to_1e_12(LossFunction loss)
    {
        var (model, train) = CurvatureFixtures.Model([6, 4], trainSize: 50, activation: Activation.Tanh);
        using var _ = model;
        using var __ = train;
        var v = RandomVector(model.ParameterCount, 1);

        using var whole = TrainingObjective.Of(model, train, loss);
        using var batched = TrainingObjective.Of(model, train, loss, new CurvatureSample(BatchSize: 7)); // 7·7 + 1: unequal batches
        Assert.Equal(8, batched.BatchCount);
        using var full = new BatchedHessianVectorProduct(whole);
        using var mini = new BatchedHessianVectorProduct(batched);

        Assert.True(MaxRelative(Apply(mini, v), Apply(full, v)) <= 1e-12);
        Assert.Equal(whole.MeanLoss(), batched.MeanLoss(), 1e-14);
    }

    [Fact]
    public void The_full_batch_product_is_the_existing_exact_hessian_vector_product()
    {
        var (model, train) = CurvatureFixtures.Model([5], trainSize: 40);
        using var _ = model;
        using var __ = train;
        var v = RandomVector(model.ParameterCount, 2);

        using var objective = TrainingObjective.Of(model, train);
        using var ours = new BatchedHessianVectorProduct(objective);
        using var reference = HessianVectorProduct.OfTrainingLoss(model, train);

        Assert.True(MaxRelative(Apply(ours, v), Apply(reference, v)) <= 1e-12);
        Assert.Equal(reference.Loss, objective.MeanLoss(), 1e-14);
    }

    [Fact]
    public void Mini_batch_products_are_bitwise_deterministic_across_calls_and_instances()
    {
        var (model, train) = CurvatureFixtures.Model([8, 6], trainSize: 60);
        using var _ = model;
        using var __ = train;
        var v = RandomVector(model.ParameterCount, 3);
        var sample = new CurvatureSample(Size: 45, BatchSize: 10, Seed: 4);

        using var first = TrainingObjective.Of(model, train, sample: sample);
        using var second = TrainingObjective.Of(model, train, sample: sample);
        using var a = new BatchedHessianVectorProduct(first);
        using var b = new BatchedHessianVectorProduct(second);
        var once = Apply(a, v);

        Assert.Equal(once, Apply(a, v)); // exact equality of every double
        Assert.Equal(once, Apply(b, v));
    }

    [Fact]
    public void A_seeded_sample_is_the_mean_loss_over_exactly_those_points()
    {
        var (model, train) = CurvatureFixtures.Model([6], trainSize: 50);
        using var _ = model;
        using var __ = train;
        var v = RandomVector(model.ParameterCount, 5);

        using var sampled = TrainingObjective.Of(model, train, sample: new CurvatureSample(Size: 20, BatchSize: 6, Seed: 11));
        Assert.Equal(20, sampled.SampleIndices.Count);
        Assert.Equal(sampled.SampleIndices.Order(), sampled.SampleIndices);
        Assert.Equal(20, sampled.SampleIndices.Distinct().Count());
        using var again = TrainingObjective.Of(model, train, sample: new CurvatureSample(Size: 20, Seed: 11));
        Assert.Equal(sampled.SampleIndices, again.SampleIndices);

        using var index = torch.tensor(sampled.SampleIndices.ToArray());
        using var subset = new SubsetTensors(train.Inputs.index_select(0, index), train.Labels.index_select(0, index));
        using var reference = new HessianVectorProduct(model.Parameters.Cast<Tensor>().ToArray(),
            () => nn.functional.cross_entropy(model.forward(subset.Inputs), subset.Labels));
        using var ours = new BatchedHessianVectorProduct(sampled);

        Assert.True(MaxRelative(Apply(ours, v), Apply(reference, v)) <= 1e-12);
    }

    [Fact]
    public void A_float32_model_gives_the_float64_product_to_float32_accuracy()
    {
        var (model64, train) = CurvatureFixtures.Model([10, 8], trainSize: 40, activation: Activation.Tanh);
        using var _ = model64;
        using var __ = train;
        var spec = new ModelSpec { HiddenWidths = [10, 8], Activation = Activation.Tanh, InitStd = 0.5 };
        using var model32 = HessianWeb.Client.Models.Mlp.Create(spec, 2, 3, torch.CPU, ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, model32.DType);
        var rounded = model32.GetFlatParameters();
        model64.SetFlatParameters(rounded); // the same point: float64 copies of the float32 weights
        var v = RandomVector(model64.ParameterCount, 6);

        using var objective64 = TrainingObjective.Of(model64, train);
        using var objective32 = TrainingObjective.Of(model32, train, sample: new CurvatureSample(BatchSize: 16));
        using var h64 = new BatchedHessianVectorProduct(objective64);
        using var h32 = new BatchedHessianVectorProduct(objective32);
        var exact = Apply(h64, v);
        var single = Apply(h32, v);

        var error = MaxRelative(single, exact);
        Assert.True(error <= 1e-5, $"float32 relative error {error:E2}");
        Assert.True(error > 0, "the float32 path must really compute in float32");
    }

    [Fact]
    public void A_sample_larger_than_the_training_set_is_refused()
    {
        var (model, train) = CurvatureFixtures.Model([3], trainSize: 10);
        using var _ = model;
        using var __ = train;
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingObjective.Of(model, train, sample: new CurvatureSample(Size: 11)));
    }

    sealed class SubsetTensors(Tensor inputs, Tensor labels) : IDisposable
    {
        public Tensor Inputs => inputs;
        public Tensor Labels => labels;
        public void Dispose()
        {
            inputs.Dispose();
            labels.Dispose();
        }
    }
}

/// <summary>
/// Tests that compare bits across calls, or set LibTorch's thread count, run alone: another test's set_num_threads
/// between two calls could change the order of a reduction.
/// </summary>
[CollectionDefinition(nameof(TorchThreadSensitive), DisableParallelization = true)]
public sealed class TorchThreadSensitive;
