using HessianWeb.Shared.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// A small LeNet-style convolutional network: per conv layer a k×k convolution (stride 1, no padding), the activation and
/// a p×p max-pool with stride p; then the maps flattened and a dense head as an <see cref="Mlp"/>'s, through the hidden
/// widths to the class logits. Takes flattened images [N, C·H·W] (as the data sets hold them) and views them as
/// [N, C, H, W].
/// </summary>
/// <remarks>
/// <see cref="Network.ParameterNames"/> are those of the same network as a PyTorch <c>nn.Sequential(Conv2d, activation,
/// MaxPool2d, Conv2d, activation, MaxPool2d, …, Flatten, Linear, activation, …, Linear)</c>: with L conv layers, conv
/// layer i sits at index 3i (its activation at 3i + 1, its pool at 3i + 2, even when p = 1), Flatten at 3L, and Linear
/// layer j at 3L + 1 + 2j. For the default [6, 16] channels and hidden widths [10, 5]: "0.weight" [6, C, k, k], "0.bias",
/// "3.weight" [16, 6, k, k], "3.bias", then "7.weight", "7.bias", "9.…", "11.…". Without biases there are no ".bias"
/// entries. As for the MLP, the identity activation still takes its index.
/// </remarks>
public sealed class Cnn : Network
{
    readonly ModuleList<Conv2d> convolutions;
    readonly ModuleList<Linear> dense;
    readonly Activation activation;
    readonly int pool;
    readonly long[] imageShape;

    Cnn(ModelSpec spec, (int Channels, int Height, int Width) image, int classes, Device device, ScalarType dtype) : base(nameof(Cnn))
    {
        var channels = spec.ConvChannels.Prepend(image.Channels).ToArray();
        // Built on the device: Module.to(device) would replace the Parameter objects cached by Register.
        convolutions = new ModuleList<Conv2d>(channels.Zip(channels.Skip(1), (inChannels, outChannels) =>
            nn.Conv2d(inChannels, outChannels, spec.KernelSize, bias: spec.Bias, device: device, dtype: dtype)).ToArray());
        var features = SpecLimits.ConvFeatures(spec, image)
            ?? throw new ArgumentException($"The {image.Height}×{image.Width} images shrink to nothing in the conv layers.", nameof(spec));
        var widths = spec.HiddenWidths.Prepend(checked((int)features)).Append(classes).ToArray();
        dense = new ModuleList<Linear>(widths.Zip(widths.Skip(1),
            (fanIn, fanOut) => nn.Linear(fanIn, fanOut, hasBias: spec.Bias, device: device, dtype: dtype)).ToArray());
        activation = spec.Activation;
        pool = spec.Pool;
        imageShape = [-1, image.Channels, image.Height, image.Width];

        var convCount = convolutions.Count;
        var indices = Enumerable.Range(0, convCount).Select(i => 3 * i)
            .Concat(Enumerable.Range(0, dense.Count).Select(j => 3 * convCount + 1 + 2 * j));
        Register(convolutions.Cast<nn.Module>().Concat(dense),
            indices.SelectMany(i => spec.Bias ? new[] { $"{i}.weight", $"{i}.bias" } : [$"{i}.weight"]), classes);
        var square = spec.KernelSize * spec.KernelSize;
        Fans = channels.Zip(channels.Skip(1), (inChannels, outChannels) => (inChannels * square, outChannels * square))
            .Concat(widths.Zip(widths.Skip(1))).ToArray();
    }

    /// <summary>Each layer's fan_in and fan_out as PyTorch's init counts them (a conv layer's in_channels·k², out_channels·k²), input side first.</summary>
    public IReadOnlyList<(int FanIn, int FanOut)> Fans { get; }

    /// <summary>The model a spec describes on images of the given shape, initialised as <see cref="Network.Initialise"/> says.</summary>
    public static Cnn Create(ModelSpec spec, (int Channels, int Height, int Width) image, int classes, Device device, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireFloatingType(dtype, "A CNN");
        var model = new Cnn(spec, image, classes, device, dtype);
        model.Initialise(spec, model.Fans);
        return model;
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.reshape(imageShape);
        foreach (var convolution in convolutions)
        {
            x = Activate(convolution.forward(x), activation);
            if (pool > 1) x = nn.functional.max_pool2d(x, pool, pool);
        }
        x = x.flatten(1);
        for (var i = 0; i < dense.Count; i++)
        {
            x = dense[i].forward(x);
            if (i < dense.Count - 1) x = Activate(x, activation);
        }
        return x;
    }
}
