using System.Text.Json;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Shared.Uploads;

/// <summary>
/// The one reading of a <see cref="SequentialModelFile"/>: its checks, each layer's output shape, and the names and
/// shapes of its parameters and buffers as PyTorch's nn.Sequential names them. Shapes are one point's (no batch axis).
/// </summary>
public static class SequentialLayers
{
    /// <summary>The most layers a list may have.</summary>
    public const int MaxLayers = 256;

    /// <exception cref="InvalidDataException">Not a layer list, or a layer that is unknown, misses a field, or does not fit the shape before it (named by index).</exception>
    public static SequentialModelFile Parse(string json)
    {
        SequentialModelFile? model;
        try { model = JsonSerializer.Deserialize<SequentialModelFile>(json, JsonFormat.Options); }
        catch (JsonException ex) { throw new InvalidDataException($"The layer list is not valid JSON of the form {{format, inputShape, layers}}: {ex.Message}", ex); }
        if (model is null) throw new InvalidDataException("The layer list is empty (null).");
        if (model.Format != SequentialModelFile.CurrentFormat)
            throw new InvalidDataException($"The layer list's format is '{model.Format}'; this version reads '{SequentialModelFile.CurrentFormat}'.");
        if (model.InputShape is not { Length: > 0 } || model.InputShape.Any(e => e < 1))
            throw new InvalidDataException("The layer list's inputShape must list one point's positive extents, e.g. [2] or [1, 28, 28].");
        if (model.Layers is not { Count: > 0 } || model.Layers.Count > MaxLayers)
            throw new InvalidDataException($"The layer list needs between 1 and {MaxLayers} layers.");
        Walk(model);
        return model;
    }

    /// <summary>
    /// The parameters with their nn.Sequential names and shapes, in the flat order of the Hessian's variables: layer by
    /// layer, weight then bias. Dtype "F64".
    /// </summary>
    public static IReadOnlyList<TensorShape> Parameters(SequentialModelFile model) =>
        Walk(model).SelectMany(l => l.Parameters).ToList();

    /// <summary>The buffers (batch norms' running_mean, running_var, num_batches_tracked) with their names and shapes.</summary>
    public static IReadOnlyList<TensorShape> Buffers(SequentialModelFile model) =>
        Walk(model).SelectMany(l => l.Buffers).ToList();

    /// <summary>One point's output shape (e.g. [10]).</summary>
    public static long[] OutputShape(SequentialModelFile model) => Walk(model)[^1].Output;

    /// <summary>The architecture lines, parameter count and input shape the form shows.</summary>
    public static UploadContents Inspect(SequentialModelFile model)
    {
        var layers = Walk(model);
        var parameters = layers.SelectMany(l => l.Parameters).ToList();
        return new UploadContents
        {
            Tensors = parameters.Concat(layers.SelectMany(l => l.Buffers)).ToList(),
            Architecture = layers.Select((l, i) => $"{i}: {l.Description} → {Shape(l.Output)}").Prepend($"input {Shape(model.InputShape)}").ToList(),
            ParameterCount = parameters.Sum(p => Artifacts.SafeTensorsDtype.ElementCount(p.Shape)),
            Parameters = parameters.Select(p => p.Name).ToList(),
            InputShape = model.InputShape,
        };
    }

    /// <summary>
    /// The built-in MLP or CNN a spec describes as a layer list with the same parameter names (what the export writes as
    /// model.json): the indices Mlp.cs and Cnn.cs document, the activation taking its index even when it is the identity.
    /// </summary>
    public static SequentialModelFile From(ModelSpec model, DataSpec data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var activation = new LayerSpec { Type = model.Activation switch
        {
            Activation.Relu => "ReLU", Activation.Tanh => "Tanh", Activation.Sigmoid => "Sigmoid", _ => "Identity",
        } };
        var layers = new List<LayerSpec>();
        long[] input;
        long fanIn;
        if (model.Kind == ModelKind.Cnn)
        {
            var image = SpecLimits.ImageShape(data.Kind) ?? throw new ArgumentException("A CNN needs images.", nameof(data));
            input = [image.Channels, image.Height, image.Width];
            var channels = image.Channels;
            foreach (var outChannels in model.ConvChannels)
            {
                layers.Add(new LayerSpec { Type = "Conv2d", InChannels = channels, OutChannels = outChannels, KernelSize = model.KernelSize, Bias = model.Bias });
                layers.Add(activation);
                layers.Add(new LayerSpec { Type = "MaxPool2d", KernelSize = model.Pool });
                channels = outChannels;
            }
            layers.Add(new LayerSpec { Type = "Flatten" });
            fanIn = SpecLimits.ConvFeatures(model, data) ?? throw new ArgumentException("The images shrink to nothing in the conv layers.", nameof(model));
        }
        else
        {
            fanIn = SpecLimits.InputDimension(data);
            input = [fanIn];
        }
        var widths = model.HiddenWidths.Append(SpecLimits.ClassCount(data)).ToArray();
        for (var j = 0; j < widths.Length; j++)
        {
            if (j > 0) layers.Add(activation);
            layers.Add(new LayerSpec { Type = "Linear", InFeatures = (int)fanIn, OutFeatures = widths[j], Bias = model.Bias });
            fanIn = widths[j];
        }
        return new SequentialModelFile { InputShape = input, Layers = layers };
    }

    static List<WalkedLayer> Walk(SequentialModelFile model)
    {
        var shape = model.InputShape;
        var walked = new List<WalkedLayer>(model.Layers.Count);
        for (var i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i] ?? throw new InvalidDataException($"Layer {i} is null.");
            try { walked.Add(SequentialLayerShapes.Apply(layer, i, shape)); }
            catch (ArgumentException ex) { throw new InvalidDataException($"Layer {i} ({layer.Type}) on input {Shape(shape)}: {ex.Message}", ex); }
            shape = walked[^1].Output;
        }
        return walked;
    }

    internal static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}

/// <summary>One layer after the shape walk: what it makes of one point, and what it holds.</summary>
internal sealed record WalkedLayer(string Description, long[] Output, IReadOnlyList<TensorShape> Parameters, IReadOnlyList<TensorShape> Buffers);
