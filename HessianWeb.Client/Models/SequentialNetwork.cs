using HessianWeb.Shared.Uploads;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// An uploaded layer list (<see cref="SequentialModelFile"/>, model kind "sequential") with its weights: PyTorch's
/// <c>nn.Sequential</c> of the same layers, always in eval mode (dropout off, batch norms on their running statistics).
/// Takes the data's flattened rows [N, d] and views them as [N, …] by the list's input shape.
/// </summary>
/// <remarks>
/// The layers are registered under their indices, so the state_dict names are the Sequential's ("0.weight", "3.bias",
/// "1.running_mean"); <see cref="Network.ParameterNames"/> and the flat order are <see cref="SequentialLayers.Parameters"/>'s,
/// which for a built-in model's list (<see cref="SequentialLayers.From"/>) are the <see cref="Mlp"/>'s or <see cref="Cnn"/>'s.
/// </remarks>
public sealed class SequentialNetwork : Network
{
    readonly IReadOnlyList<nn.Module<Tensor, Tensor>> layers;
    readonly long[] inputShape;

    SequentialNetwork(SequentialModelFile model, int classes, Device device, ScalarType dtype) : base(nameof(SequentialNetwork))
    {
        layers = model.Layers.Select(l => SequentialModules.Create(l, device, dtype)).ToArray();
        for (var i = 0; i < layers.Count; i++) register_module($"{i}", layers[i]);
        inputShape = [-1, .. model.InputShape];
        var own = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var names = SequentialLayers.Parameters(model).Select(p => p.Name).ToArray();
        Record(names.Select(n => own[n]).ToArray(), names, classes);
        eval();
    }

    /// <summary>The layer list in <paramref name="file"/> with the weights (parameters and batch-norm buffers) in <paramref name="weights"/>.</summary>
    /// <param name="inputDim">The values of one data point, which the list's input shape must hold.</param>
    /// <exception cref="InvalidDataException">The list is malformed or takes points of another size, or the weights miss a tensor or differ in shape, in words.</exception>
    public static SequentialNetwork Load(string file, string weights, int inputDim, int classes, Device device, ScalarType dtype)
    {
        var model = SequentialLayers.Parse(File.ReadAllText(file));
        var values = model.InputShape.Aggregate(1L, (a, b) => a * b);
        if (values != inputDim)
            throw new InvalidDataException($"The layer list takes points of shape [{string.Join(", ", model.InputShape)}] ({values} values); the data's have {inputDim}.");
        return Create(model, weights, classes, device, dtype);
    }

    /// <summary>The layer list with the weights (parameters and batch-norm buffers) in <paramref name="weights"/>.</summary>
    /// <exception cref="InvalidDataException">The weights miss a tensor or differ in shape, in words.</exception>
    public static SequentialNetwork Create(SequentialModelFile model, string weights, int classes, Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(model);
        RequireFloatingType(dtype, "A sequential model");
        var network = new SequentialNetwork(model, classes, device, dtype);
        try
        {
            var own = network.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(network.named_buffers())
                .ToDictionary(p => p.Item1, p => p.Item2);
            var expected = SequentialLayers.Parameters(model).Concat(SequentialLayers.Buffers(model));
            WeightsFile.Load(weights, expected.Select(t => (t.Name, own[t.Name])).ToArray(), partial: false);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Stays in eval mode whatever is asked: an uploaded model's batch norms and dropout are used as trained.</summary>
    public override void train(bool on = true) => base.train(false);

    public override Tensor forward(Tensor input)
    {
        var x = input.reshape(inputShape);
        foreach (var layer in layers) x = layer.forward(x);
        return x;
    }
}
