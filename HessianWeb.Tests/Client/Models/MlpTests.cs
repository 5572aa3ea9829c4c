using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Models;

public class MlpTests
{
    [Fact]
    public void The_parameter_count_is_the_specs()
    {
        var spec = new ExperimentSpec { Data = new DataSpec { InputDim = 7, Classes = 5 }, Model = new ModelSpec { HiddenWidths = [9, 4, 3] } };
        using var model = Mlp.Create(spec.Model, 7, 5, torch.CPU);
        Assert.Equal(SpecLimits.ParameterCount(spec), model.ParameterCount);
        Assert.Equal(model.ParameterCount, model.GetFlatParameters().Length);
    }

    [Fact]
    public void Weights_and_biases_are_drawn_from_a_seeded_normal_with_the_specs_spread()
    {
        var spec = new ModelSpec { HiddenWidths = [200, 100], InitStd = 0.1, Seed = 3 };
        using var model = Mlp.Create(spec, 20, 10, torch.CPU);
        using var again = Mlp.Create(spec, 20, 10, torch.CPU);
        var values = model.GetFlatParameters();

        Assert.Equal(values, again.GetFlatParameters());
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / values.Length);
        Assert.InRange(mean, -0.003, 0.003); // 25,310 values: standard error 0.0006
        Assert.InRange(std, 0.098, 0.102);
        Assert.True(model.Parameters.All(p => p.dtype == ScalarType.Float64));
    }

    [Fact]
    public void The_flat_vector_round_trips_and_orders_each_layers_weight_before_its_bias()
    {
        using var model = Mlp.Create(new ModelSpec { HiddenWidths = [3] }, 2, 2, torch.CPU);
        var values = Enumerable.Range(0, model.ParameterCount).Select(i => (double)i).ToArray();

        model.SetFlatParameters(values);

        Assert.Equal(values, model.GetFlatParameters());
        Assert.Equal([3L, 2], model.Parameters[0].shape);
        Assert.Equal([3L], model.Parameters[1].shape);
        Assert.Equal(new double[] { 2, 3 }, model.Parameters[0][1].data<double>().ToArray());
        Assert.Throws<ArgumentException>(() => model.SetFlatParameters(new double[3]));
    }

    [Fact]
    public void Parameters_are_named_as_in_the_state_dict_of_the_same_pytorch_sequential()
    {
        using var model = Mlp.Create(new ModelSpec { HiddenWidths = [10, 5] }, 2, 4, torch.CPU);

        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], model.ParameterNames);
        Assert.Equal(new long[][] { [10, 2], [10], [5, 10], [5], [4, 5], [4] }, model.Parameters.Select(p => p.shape));
        using var linear = Mlp.Create(new ModelSpec { HiddenWidths = [] }, 3, 2, torch.CPU);
        Assert.Equal(["0.weight", "0.bias"], linear.ParameterNames);
    }

    [Fact]
    public void The_forward_pass_gives_one_logit_per_class()
    {
        using var model = Mlp.Create(new ModelSpec { HiddenWidths = [4], Activation = Activation.Tanh }, 2, 3, torch.CPU);
        using var scope = torch.NewDisposeScope();
        var logits = model.forward(torch.zeros(5, 2, dtype: ScalarType.Float64));
        Assert.Equal([5L, 3], logits.shape);
    }
}
