namespace HessianWeb.Shared.Uploads;

/// <summary>
/// Each layer type's rule, as PyTorch applies it to one point: the shape it takes and makes, and its parameters (and
/// buffers) named "&lt;index&gt;.&lt;name&gt;". A layer that does not fit its input throws <see cref="ArgumentException"/>
/// with the reason; <see cref="SequentialLayers"/> names the layer.
/// </summary>
internal static class SequentialLayerShapes
{
    public static WalkedLayer Apply(LayerSpec layer, int index, long[] input) => layer.Type switch
    {
        "Linear" => Linear(layer, index, input),
        "Conv2d" => Conv2d(layer, index, input),
        "MaxPool2d" or "AvgPool2d" => Pool(layer, input),
        "Flatten" => Flatten(layer, input),
        "ReLU" or "Tanh" or "GELU" or "Sigmoid" or "Identity" => Same(layer.Type, input),
        "Dropout" => Same($"Dropout(p={layer.P ?? 0.5}, off in eval)", input),
        "BatchNorm1d" or "BatchNorm2d" => BatchNorm(layer, index, input),
        "LayerNorm" => LayerNorm(layer, index, input),
        _ => throw new ArgumentException($"'{layer.Type}' is not a layer this reads (Linear, Conv2d, MaxPool2d, AvgPool2d, Flatten, ReLU, Tanh, GELU, Sigmoid, Identity, Dropout, BatchNorm1d, BatchNorm2d, LayerNorm)."),
    };

    static WalkedLayer Linear(LayerSpec l, int i, long[] input)
    {
        var inFeatures = Required(l.InFeatures, "inFeatures");
        var outFeatures = Required(l.OutFeatures, "outFeatures");
        if (input[^1] != inFeatures) throw new ArgumentException($"inFeatures is {inFeatures} but each point reaches it with {input[^1]} values in its last dimension.");
        var bias = l.Bias ?? true;
        return new($"Linear({inFeatures} → {outFeatures}{(bias ? "" : ", no bias")})", [.. input[..^1], outFeatures],
            Parameters(i, ("weight", [outFeatures, inFeatures]), bias ? ("bias", [outFeatures]) : null), []);
    }

    static WalkedLayer Conv2d(LayerSpec l, int i, long[] input)
    {
        var inChannels = Required(l.InChannels, "inChannels");
        var outChannels = Required(l.OutChannels, "outChannels");
        var k = Required(l.KernelSize, "kernelSize");
        var stride = Positive(l.Stride ?? 1, "stride");
        var padding = NonNegative(l.Padding ?? 0, "padding");
        Image(input, "Conv2d");
        if (input[0] != inChannels) throw new ArgumentException($"inChannels is {inChannels} but the input has {input[0]} channels.");
        var bias = l.Bias ?? true;
        return new($"Conv2d({inChannels} → {outChannels}, {k}×{k}, stride {stride}, padding {padding}{(bias ? "" : ", no bias")})",
            [outChannels, Side(input[1], k, stride, padding), Side(input[2], k, stride, padding)],
            Parameters(i, ("weight", [outChannels, inChannels, k, k]), bias ? ("bias", [outChannels]) : null), []);
    }

    static WalkedLayer Pool(LayerSpec l, long[] input)
    {
        var k = Required(l.KernelSize, "kernelSize");
        var stride = Positive(l.Stride ?? k, "stride");
        var padding = NonNegative(l.Padding ?? 0, "padding");
        if (2 * padding > k) throw new ArgumentException($"padding {padding} is more than half the kernel ({k}), which PyTorch refuses.");
        Image(input, l.Type);
        return new($"{l.Type}({k}×{k}, stride {stride}, padding {padding})",
            [input[0], Side(input[1], k, stride, padding), Side(input[2], k, stride, padding)], [], []);
    }

    static WalkedLayer Flatten(LayerSpec l, long[] input)
    {
        if ((l.StartDim ?? 1) != 1) throw new ArgumentException($"startDim {l.StartDim} is not read; Flatten keeps the batch axis and flattens the rest (startDim 1).");
        return new("Flatten", [input.Aggregate(1L, (a, b) => checked(a * b))], [], []);
    }

    static WalkedLayer BatchNorm(LayerSpec l, int i, long[] input)
    {
        var features = Required(l.NumFeatures, "numFeatures");
        var image = l.Type == "BatchNorm2d";
        if (image) Image(input, l.Type);
        else if (input.Length is not (1 or 2)) throw new ArgumentException($"BatchNorm1d takes points of shape [features] or [features, length], not {SequentialLayers.Shape(input)}.");
        if (input[0] != features) throw new ArgumentException($"numFeatures is {features} but the input has {input[0]} {(image ? "channels" : "features")}.");
        return new($"{l.Type}({features}, eps {l.Eps ?? 1e-5}, eval: running statistics)", input,
            Parameters(i, ("weight", [features]), ("bias", [features])),
            [new($"{i}.running_mean", "F64", [features]), new($"{i}.running_var", "F64", [features]), new($"{i}.num_batches_tracked", "I64", [])]);
    }

    static WalkedLayer LayerNorm(LayerSpec l, int i, long[] input)
    {
        var shape = l.NormalizedShape is { Length: > 0 } s && s.All(e => e >= 1) ? s : throw new ArgumentException("normalizedShape must list the trailing extents it normalises over.");
        if (shape.Length > input.Length || !input[^shape.Length..].SequenceEqual(shape))
            throw new ArgumentException($"normalizedShape {SequentialLayers.Shape(shape)} is not the end of the input's shape.");
        var affine = l.ElementwiseAffine ?? true;
        return new($"LayerNorm({SequentialLayers.Shape(shape)}, eps {l.Eps ?? 1e-5}{(affine ? "" : ", no affine")})", input,
            affine ? Parameters(i, ("weight", shape), ("bias", shape)) : [], []);
    }

    static WalkedLayer Same(string description, long[] input) => new(description, input, [], []);

    static List<TensorShape> Parameters(int index, params (string Name, long[] Shape)?[] tensors) =>
        tensors.OfType<(string Name, long[] Shape)>().Select(t => new TensorShape($"{index}.{t.Name}", "F64", t.Shape)).ToList();

    static void Image(long[] input, string type)
    {
        if (input.Length != 3) throw new ArgumentException($"{type} takes images [channels, height, width], not {SequentialLayers.Shape(input)}.");
    }

    static long Side(long side, int kernel, int stride, int padding)
    {
        var result = (side + 2 * padding - kernel) / stride + 1;
        if (side + 2 * padding < kernel) throw new ArgumentException($"a side of {side} (padding {padding}) is smaller than the {kernel}×{kernel} kernel.");
        return result;
    }

    static int Required(int? value, string field) =>
        value is { } v ? Positive(v, field) : throw new ArgumentException($"it needs {field}.");

    static int Positive(int value, string field) => value >= 1 ? value : throw new ArgumentException($"{field} must be at least 1, not {value}.");

    static int NonNegative(int value, string field) => value >= 0 ? value : throw new ArgumentException($"{field} must be 0 or more, not {value}.");
}
