using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Models;

public class MlpOptionsTests
{
    [Fact]
    public void Without_biases_the_count_is_the_weights_only_and_matches_the_specs()
    {
        var withBias = new ExperimentSpec { Data = new DataSpec { InputDim = 7, Classes = 5 }, Model = new ModelSpec { HiddenWidths = [9, 4, 3] } };
        var without = withBias with { Model = withBias.Model with { Bias = false } };
        using var biased = Mlp.Create(withBias.Model, 7, 5, torch.CPU);
        using var unbiased = Mlp.Create(without.Model, 7, 5, torch.CPU);

        Assert.Equal(8 * 9 + 10 * 4 + 5 * 3 + 4 * 5, SpecLimits.ParameterCount(withBias));
        Assert.Equal(7 * 9 + 9 * 4 + 4 * 3 + 3 * 5, SpecLimits.ParameterCount(without));
        Assert.Equal(SpecLimits.ParameterCount(withBias), biased.ParameterCount);
        Assert.Equal(SpecLimits.ParameterCount(without), unbiased.ParameterCount);
        Assert.Equal(unbiased.ParameterCount, unbiased.GetFlatParameters().Length);
        Assert.True(biased.HasBias);
        Assert.False(unbiased.HasBias);
    }

    [Fact]
    public void Without_biases_there_are_no_bias_names_and_the_sequential_indices_stay_even_whatever_the_activation()
    {
        foreach (var activation in Enum.GetValues<Activation>())
        {
            using var model = Mlp.Create(new ModelSpec { HiddenWidths = [10, 5], Bias = false, Activation = activation }, 2, 4, torch.CPU);
            Assert.Equal(["0.weight", "2.weight", "4.weight"], model.ParameterNames);
            Assert.Equal(new long[][] { [10, 2], [5, 10], [4, 5] }, model.Parameters.Select(p => p.shape));
        }
        using var identity = Mlp.Create(new ModelSpec { HiddenWidths = [10, 5], Activation = Activation.Identity }, 2, 4, torch.CPU);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], identity.ParameterNames);
    }

    [Fact]
    public void Without_biases_the_normal_initialisation_draws_the_weights_as_the_first_values_of_the_same_stream()
    {
        // A linear model's only weight matrix comes first either way, so its draws are the same.
        using var biased = Mlp.Create(new ModelSpec { HiddenWidths = [], Seed = 4 }, 3, 2, torch.CPU);
        using var unbiased = Mlp.Create(new ModelSpec { HiddenWidths = [], Seed = 4, Bias = false }, 3, 2, torch.CPU);
        Assert.Equal(biased.GetFlatParameters()[..6], unbiased.GetFlatParameters());
    }

    // Each layer's sample variance over n draws has relative standard error √(2/n): 1.4% for 10,000 draws and 1% for
    // 20,000, so ±6% is at least four standard errors; the seed is fixed, so the test is deterministic.
    [Theory]
    [InlineData(InitKind.He)]
    [InlineData(InitKind.Glorot)]
    public void He_and_glorot_draw_each_layers_weights_with_their_variance_and_zero_biases(InitKind init)
    {
        using var model = Mlp.Create(new ModelSpec { HiddenWidths = [200, 100], Init = init, InitStd = 5, Seed = 7 }, 50, 10, torch.CPU);
        int[] fanIns = [50, 200, 100], fanOuts = [200, 100, 10];
        for (var l = 0; l < 3; l++)
        {
            var weights = model.Parameters[2 * l].data<double>().ToArray();
            var expected = init == InitKind.He ? 2.0 / fanIns[l] : 2.0 / (fanIns[l] + fanOuts[l]);
            var variance = weights.Sum(w => w * w) / weights.Length; // the mean is 0
            var tolerance = l < 2 ? 0.06 : 0.2; // the last layer has 1,000 draws: relative standard error 4.5%
            Assert.InRange(variance / expected, 1 - tolerance, 1 + tolerance);
            Assert.All(model.Parameters[2 * l + 1].data<double>().ToArray(), b => Assert.Equal(0.0, b));
        }
        using var again = Mlp.Create(new ModelSpec { HiddenWidths = [200, 100], Init = init, InitStd = 5, Seed = 7 }, 50, 10, torch.CPU);
        Assert.Equal(model.GetFlatParameters(), again.GetFlatParameters());
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    public void The_forward_pass_applies_the_activation_between_the_layers(Activation activation)
    {
        // 2 → 2 → 1: W1 = [[1, −2], [0.5, 3]], b1 = [0.1, −0.2], W2 = [[2, −1]], b2 = [0.3].
        using var model = Mlp.Create(new ModelSpec { HiddenWidths = [2], Activation = activation }, 2, 1, torch.CPU);
        model.SetFlatParameters([1, -2, 0.5, 3, 0.1, -0.2, 2, -1, 0.3]);
        double[] x = [0.7, -0.4];
        var h = new[] { 1 * x[0] - 2 * x[1] + 0.1, 0.5 * x[0] + 3 * x[1] - 0.2 };
        Func<double, double> f = activation switch
        {
            Activation.Sigmoid => z => 1 / (1 + Math.Exp(-z)),
            Activation.Identity => z => z,
            Activation.Tanh => Math.Tanh,
            _ => z => Math.Max(z, 0),
        };
        var expected = 2 * f(h[0]) - f(h[1]) + 0.3;

        using var scope = torch.NewDisposeScope();
        var output = model.forward(torch.tensor(x, [1, 2], dtype: ScalarType.Float64)).data<double>().ToArray();

        Assert.Equal(expected, output.Single(), 1e-14);
    }

    [Fact]
    public void Without_biases_the_forward_pass_is_the_weights_alone()
    {
        using var model = Mlp.Create(new ModelSpec { HiddenWidths = [2], Activation = Activation.Identity, Bias = false }, 2, 1, torch.CPU);
        model.SetFlatParameters([1, -2, 0.5, 3, 2, -1]);
        using var scope = torch.NewDisposeScope();
        var output = model.forward(torch.tensor(new[] { 0.7, -0.4 }, [1, 2], dtype: ScalarType.Float64)).data<double>().Single();
        Assert.Equal(2 * (0.7 + 0.8) - (0.35 - 1.2), output, 1e-14);
    }
}
