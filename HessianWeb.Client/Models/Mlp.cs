using HessianWeb.Client.Randomness;
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
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> layers;
    readonly Activation activation;

    Mlp(int inputDim, IReadOnlyList<int> hiddenWidths, int outputs, Activation activation, bool bias, Device device, ScalarType dtype) : base(nameof(Mlp))
    {
        var widths = hiddenWidths.Prepend(inputDim).Append(outputs).ToArray();
        // Built on the device: Module.to(device) would replace the Parameter objects cached below.
        layers = new ModuleList<Linear>(widths.Zip(widths.Skip(1),
            (fanIn, fanOut) => nn.Linear(fanIn, fanOut, hasBias: bias, device: device, dtype: dtype)).ToArray());
        this.activation = activation;
        RegisterComponents();
        Parameters = parameters().ToArray();
        ParameterCount = checked((int)Parameters.Sum(p => p.numel()));
        ParameterNames = Enumerable.Range(0, layers.Count)
            .SelectMany(l => bias ? new[] { $"{2 * l}.weight", $"{2 * l}.bias" } : [$"{2 * l}.weight"]).ToArray();
        FanIns = widths[..^1];
        FanOuts = widths[1..];
    }

    /// <summary>Weights then bias (if any) of each layer, input side first: the order of the flat parameter vector.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    public int ParameterCount { get; }

    /// <summary>
    /// The name of each of <see cref="Parameters"/> in the state_dict of the same network as a PyTorch
    /// <c>nn.Sequential(Linear, activation, Linear, …, Linear)</c>: the Linear layers sit at the even indices and the
    /// activations, which hold no parameters, at the odd ones, so "0.weight" [out, in], "0.bias" [out], "2.weight", ….
    /// Without biases there are no ".bias" entries ("0.weight", "2.weight", …). The identity activation still takes
    /// its odd index (an <c>nn.Identity</c> in the Sequential), so the names do not depend on the activation.
    /// </summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Each Linear layer's input width, input side first.</summary>
    public IReadOnlyList<int> FanIns { get; }

    /// <summary>Each Linear layer's output width, input side first.</summary>
    public IReadOnlyList<int> FanOuts { get; }

    /// <summary>Whether the Linear layers have biases.</summary>
    public bool HasBias => Parameters.Count > layers.Count;

    /// <summary>The parameters' floating-point type (float64 unless the model was created otherwise).</summary>
    public ScalarType DType => Parameters[0].dtype;

    /// <summary>
    /// The model a spec describes. <see cref="InitKind.Normal"/> (the default): every weight and bias drawn from
    /// N(0, initStd²) (Sagun et al.'s initialisation) by the spec's seeded stream, in <see cref="Parameters"/> order.
    /// <see cref="InitKind.He"/>: each layer's weights from N(0, 2/fan_in); <see cref="InitKind.Glorot"/>: from
    /// N(0, 2/(fan_in + fan_out)) (Glorot's normal variant); both draw the weights by the same stream in the same order
    /// and set the biases to zero (drawing nothing for them). The draws are float64 and rounded to
    /// <paramref name="dtype"/>, so a float32 model is the float64 one rounded.
    /// </summary>
    public static Mlp Create(ModelSpec spec, int inputDim, int classes, Device device, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (dtype is not (ScalarType.Float64 or ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(dtype), $"An MLP is float64 or float32, not {dtype}.");
        var model = new Mlp(inputDim, spec.HiddenWidths, classes, spec.Activation, spec.Bias, device, dtype);
        var random = SeededRandom.For(RandomStream.Weights, spec.Seed);
        var values = new double[model.ParameterCount];
        if (spec.Init == InitKind.Normal)
        {
            for (var i = 0; i < values.Length; i++) values[i] = random.NextNormal(0, spec.InitStd);
        }
        else
        {
            var offset = 0;
            for (var l = 0; l < model.FanIns.Count; l++)
            {
                var (fanIn, fanOut) = (model.FanIns[l], model.FanOuts[l]);
                var std = Math.Sqrt(spec.Init == InitKind.He ? 2.0 / fanIn : 2.0 / (fanIn + fanOut));
                for (var i = 0; i < fanIn * fanOut; i++) values[offset++] = random.NextNormal(0, std);
                if (spec.Bias) offset += fanOut; // zero biases
            }
        }
        model.SetFlatParameters(values);
        return model;
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Count - 1) x = Activate(x);
        }
        return x;
    }

    Tensor Activate(Tensor x) => activation switch
    {
        Activation.Relu => x.relu(),
        Activation.Tanh => x.tanh(),
        Activation.Sigmoid => x.sigmoid(),
        Activation.Identity => x,
        _ => throw new InvalidOperationException($"Unknown activation {activation}."),
    };

    public double[] GetFlatParameters()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var flat = torch.cat(Parameters.Select(p => p.detach().flatten()).ToList(), 0);
        return flat.to(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    public void SetFlatParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} parameter values, got {values.Length}.", nameof(values));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var offset = 0;
        foreach (var p in Parameters)
        {
            var size = (int)p.numel();
            p.copy_(torch.tensor(values.Slice(offset, size).ToArray(), p.shape, dtype: ScalarType.Float64, device: p.device)); // rounds to p's type
            offset += size;
        }
    }
}
