using HessianWeb.Shared.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// A fully connected network, float64 unless asked otherwise: Linear layers through the hidden widths, the
/// activation between them, and class logits out (the softmax lives in the loss). The Linear layers have biases
/// unless the spec says otherwise.
/// </summary>
/// <remarks>
/// <see cref="Network.ParameterNames"/> are those of the same network as a PyTorch <c>nn.Sequential(Linear, activation,
/// Linear, …, Linear)</c>: the Linear layers sit at the even indices and the activations, which hold no parameters, at
/// the odd ones, so "0.weight" [out, in], "0.bias" [out], "2.weight", …. Without biases there are no ".bias" entries
/// ("0.weight", "2.weight", …). The identity activation still takes its odd index (an <c>nn.Identity</c> in the
/// Sequential), so the names do not depend on the activation.
/// </remarks>
public sealed class Mlp : Network
{
    readonly ModuleList<Linear> layers;
    readonly Activation activation;

    Mlp(int inputDim, IReadOnlyList<int> hiddenWidths, int outputs, Activation activation, bool bias, Device device, ScalarType dtype) : base(nameof(Mlp))
    {
        var widths = hiddenWidths.Prepend(inputDim).Append(outputs).ToArray();
        // Built on the device: Module.to(device) would replace the Parameter objects cached by Register.
        layers = new ModuleList<Linear>(widths.Zip(widths.Skip(1),
            (fanIn, fanOut) => nn.Linear(fanIn, fanOut, hasBias: bias, device: device, dtype: dtype)).ToArray());
        this.activation = activation;
        Register(layers, Enumerable.Range(0, layers.Count)
            .SelectMany(l => bias ? new[] { $"{2 * l}.weight", $"{2 * l}.bias" } : [$"{2 * l}.weight"]), outputs);
        FanIns = widths[..^1];
        FanOuts = widths[1..];
    }

    /// <summary>Each Linear layer's input width, input side first.</summary>
    public IReadOnlyList<int> FanIns { get; }

    /// <summary>Each Linear layer's output width, input side first.</summary>
    public IReadOnlyList<int> FanOuts { get; }

    /// <summary>The hidden layers' nonlinearity.</summary>
    public Activation Activation => activation;

    /// <summary>Whether the Linear layers have biases.</summary>
    public bool HasBias => Parameters.Count > layers.Count;

    /// <summary>The model a spec describes, initialised as <see cref="Network.Initialise"/> says.</summary>
    public static Mlp Create(ModelSpec spec, int inputDim, int classes, Device device, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireFloatingType(dtype, "An MLP");
        var model = new Mlp(inputDim, spec.HiddenWidths, classes, spec.Activation, spec.Bias, device, dtype);
        model.Initialise(spec, model.FanIns.Zip(model.FanOuts).ToArray());
        return model;
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Count - 1) x = Activate(x, activation);
        }
        return x;
    }
}
