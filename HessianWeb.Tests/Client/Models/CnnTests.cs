using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Models;

public class CnnTests
{
    static readonly ModelSpec LeNet = new() { Kind = ModelKind.Cnn, HiddenWidths = [120, 84] };

    static Network Build(ExperimentSpec spec, ScalarType dtype = ScalarType.Float64) =>
        Network.Create(spec.Model, spec.Data, SpecLimits.InputDimension(spec.Data), SpecLimits.ClassCount(spec.Data), torch.CPU, dtype);

    public static TheoryData<ExperimentSpec> Specs => new()
    {
        new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Mnist }, Model = new ModelSpec { Kind = ModelKind.Cnn } },
        new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Cifar10 }, Model = LeNet },
        new ExperimentSpec { Data = new DataSpec { Kind = DataKind.FashionMnist, ClassList = [2, 5, 8] }, Model = LeNet with { Bias = false } },
        new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Cifar10 }, Model = LeNet with { ConvChannels = [4, 8, 8], KernelSize = 3, Pool = 2, HiddenWidths = [] } },
        new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Mnist }, Model = LeNet with { ConvChannels = [3], KernelSize = 7, Pool = 1 } },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void The_count_shown_before_a_run_is_the_built_models(ExperimentSpec spec)
    {
        Assert.Empty(SpecValidator.Validate(spec));
        using var model = Build(spec);

        Assert.IsType<Cnn>(model);
        Assert.Equal(SpecLimits.ParameterCount(spec), model.ParameterCount);
        Assert.Equal(model.ParameterCount, model.GetFlatParameters().Length);
        Assert.Equal(SpecLimits.ClassCount(spec.Data), model.Classes);
    }

    [Fact]
    public void Lenet_on_cifar_has_lenet_5s_sixty_two_thousand_parameters()
    {
        // conv 3→6 (5×5): 456; conv 6→16: 2,416; 16·5·5 = 400 → 120: 48,120; 120 → 84: 10,164; 84 → 10: 850.
        var spec = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Cifar10 }, Model = LeNet };
        Assert.Equal(62_006, SpecLimits.ParameterCount(spec));
        Assert.Equal(400, SpecLimits.ConvFeatures(spec.Model, spec.Data));
    }

    [Fact]
    public void Parameter_names_and_shapes_are_those_of_the_equivalent_torch_sequential()
    {
        // nn.Sequential(Conv2d(1,6,5), ReLU(), MaxPool2d(2), Conv2d(6,16,5), ReLU(), MaxPool2d(2), Flatten(),
        //               Linear(256,10), ReLU(), Linear(10,5), ReLU(), Linear(5,10)): 28 → 24 → 12 → 8 → 4, 16·4·4 = 256.
        var spec = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.FashionMnist }, Model = new ModelSpec { Kind = ModelKind.Cnn } };
        using var model = Build(spec);

        string[] names = ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias"];
        long[][] shapes = [[6, 1, 5, 5], [6], [16, 6, 5, 5], [16], [10, 256], [10], [5, 10], [5], [10, 5], [10]];
        Assert.Equal(names, model.ParameterNames);
        Assert.Equal(shapes, model.Parameters.Select(p => p.shape));

        using var unbiased = Build(spec with { Model = spec.Model with { Bias = false, ConvChannels = [4], HiddenWidths = [] } });
        Assert.Equal(["0.weight", "4.weight"], unbiased.ParameterNames);
    }

    [Fact]
    public void A_tiny_cnn_computes_what_its_definition_says()
    {
        // 1×6×6 images, 2 channels of 3×3 kernels → 2×4×4, tanh, 2×2 max-pool → 2×2×2, flatten (channel, row, column),
        // then Linear(8 → 3). Computed here with loops, from the flat parameters in their stated order.
        var spec = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [2], KernelSize = 3, Pool = 2, HiddenWidths = [], Activation = Activation.Tanh, InitStd = 0.5, Seed = 2 };
        using var model = Cnn.Create(spec, (1, 6, 6), 3, torch.CPU);
        var w = model.GetFlatParameters();
        Assert.Equal(2 * 9 + 2 + 8 * 3 + 3, w.Length);
        var random = new SeededRandom(5);
        var images = Enumerable.Range(0, 4 * 36).Select(_ => random.NextNormal()).ToArray();

        using var scope = torch.NewDisposeScope();
        var logits = model.forward(torch.tensor(images, [4, 36], dtype: ScalarType.Float64)).data<double>().ToArray();

        for (var n = 0; n < 4; n++)
        {
            var features = new double[8];
            for (var c = 0; c < 2; c++)
                for (var r = 0; r < 2; r++)
                    for (var s = 0; s < 2; s++)
                    {
                        var max = double.NegativeInfinity;
                        for (var dr = 0; dr < 2; dr++)
                            for (var ds = 0; ds < 2; ds++)
                            {
                                var (row, col) = (2 * r + dr, 2 * s + ds);
                                var sum = w[18 + c]; // bias after both kernels
                                for (var i = 0; i < 3; i++)
                                    for (var j = 0; j < 3; j++)
                                        sum += w[c * 9 + i * 3 + j] * images[n * 36 + (row + i) * 6 + col + j];
                                max = Math.Max(max, Math.Tanh(sum));
                            }
                        features[c * 4 + r * 2 + s] = max;
                    }
            for (var k = 0; k < 3; k++)
            {
                var expected = w[20 + 24 + k] + Enumerable.Range(0, 8).Sum(f => w[20 + k * 8 + f] * features[f]);
                Assert.Equal(expected, logits[n * 3 + k], 1e-13);
            }
        }
    }

    [Theory]
    [InlineData(InitKind.He)]
    [InlineData(InitKind.Glorot)]
    public void He_and_glorot_count_a_conv_layers_fan_as_channels_times_kernel_area(InitKind init)
    {
        var spec = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [64, 32], KernelSize = 5, HiddenWidths = [20], Init = init, Seed = 7 };
        using var model = Cnn.Create(spec, (3, 32, 32), 10, torch.CPU);

        // fan_in = in·k², fan_out = out·k² (torch.nn.init's convention for conv weights).
        (double In, double Out)[] fans = [(3 * 25, 64 * 25), (64 * 25, 32 * 25), (32 * 5 * 5, 20), (20, 10)];
        for (var layer = 0; layer < fans.Length; layer++)
        {
            var weights = model.Parameters[2 * layer].detach().flatten().data<double>().ToArray();
            var expected = Math.Sqrt(init == InitKind.He ? 2 / fans[layer].In : 2 / (fans[layer].In + fans[layer].Out));
            var std = Math.Sqrt(weights.Sum(x => x * x) / weights.Length);
            // Seeded; at least 200 draws per layer, whose sample std has a relative standard error of 1/√(2n) ≤ 5 %: 15 % is 3 of them.
            Assert.InRange(std, 0.85 * expected, 1.15 * expected);
            Assert.All(model.Parameters[2 * layer + 1].detach().data<double>().ToArray(), b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_float32_is_float64_rounded()
    {
        var spec = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Mnist }, Model = new ModelSpec { Kind = ModelKind.Cnn, Seed = 4 } };
        using var first = Build(spec);
        using var second = Build(spec);
        using var single = Build(spec, ScalarType.Float32);

        Assert.Equal(first.GetFlatParameters(), second.GetFlatParameters());
        Assert.Equal(first.GetFlatParameters().Select(v => (double)(float)v), single.GetFlatParameters());
        Assert.Equal(ScalarType.Float32, single.DType);
    }

    [Fact]
    public void A_cnn_without_images_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Network.Create(new ModelSpec { Kind = ModelKind.Cnn }, new DataSpec(), 2, 4, torch.CPU));
        Assert.Contains("needs images", error.Message);
    }
}
