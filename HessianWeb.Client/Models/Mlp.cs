using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// A fully connected network, float64 unless asked otherwise: Linear layers through the hidden widths, the
/// activation between them, and class logits out (the softmax lives in the loss).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> layers;
    readonly Activation activation;

    Mlp(int inputDim, IReadOnlyList<int> hiddenWidths, int outputs, Activation activation, Device device, ScalarType dtype) : base(nameof(Mlp))
    {
        var widths = hiddenWidths.Prepend(inputDim).Append(outputs).ToArray();
        // Built on the device: Module.to(device) would replace the Parameter objects cached below.
        layers = new ModuleList<Linear>(widths.Zip(widths.Skip(1),
            (fanIn, fanOut) => nn.Linear(fanIn, fanOut, hasBias: true, device: device, dtype: dtype)).ToArray());
        this.activation = activation;
        RegisterComponents();
        Parameters = parameters().ToArray();
        ParameterCount = checked((int)Parameters.Sum(p => p.numel()));
        ParameterNames = Enumerable.Range(0, layers.Count).SelectMany(l => new[] { $"{2 * l}.weight", $"{2 * l}.bias" }).ToArray();
    }

    /// <summary>Weights then bias of each layer, input side first: the order of the flat parameter vector.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    public int ParameterCount { get; }

    /// <summary>
    /// The name of each of <see cref="Parameters"/> in the state_dict of the same network as a PyTorch
    /// <c>nn.Sequential(Linear, activation, Linear, …, Linear)</c>: the Linear layers sit at the even indices and the
    /// activations, which hold no parameters, at the odd ones, so "0.weight" [out, in], "0.bias" [out], "2.weight", ….
    /// </summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The parameters' floating-point type (float64 unless the model was created otherwise).</summary>
    public ScalarType DType => Parameters[0].dtype;

    /// <summary>
    /// The model a spec describes, every weight and bias drawn from N(0, initStd²) (Sagun et al.'s
    /// initialisation) by the spec's seeded stream, in <see cref="Parameters"/> order. The draws are float64 and
    /// rounded to <paramref name="dtype"/>, so a float32 model is the float64 one rounded.
    /// </summary>
    public static Mlp Create(ModelSpec spec, int inputDim, int classes, Device device, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (dtype is not (ScalarType.Float64 or ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(dtype), $"An MLP is float64 or float32, not {dtype}.");
        var model = new Mlp(inputDim, spec.HiddenWidths, classes, spec.Activation, device, dtype);
        var random = SeededRandom.For(RandomStream.Weights, spec.Seed);
        var values = new double[model.ParameterCount];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextNormal(0, spec.InitStd);
        model.SetFlatParameters(values);
        return model;
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Count - 1) x = activation == Activation.Tanh ? x.tanh() : x.relu();
        }
        return x;
    }

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
