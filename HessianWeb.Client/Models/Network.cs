using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// A classifier whose parameters the training and curvature code treat as one flat vector: an <see cref="Mlp"/>, a
/// <see cref="Cnn"/>, or an uploaded model (<see cref="SequentialNetwork"/>, <see cref="TorchScriptNetwork"/>). Inputs are [N, d] (images flattened), outputs the class logits [N, classes] (the softmax lives in
/// the loss). Float64 unless created otherwise.
/// </summary>
public abstract class Network : nn.Module<Tensor, Tensor>
{
    protected Network(string name) : base(name) { }

    /// <summary>Each layer's weight then bias (if any), input side first: the order of the flat parameter vector.</summary>
    public IReadOnlyList<Parameter> Parameters { get; private set; } = [];

    public int ParameterCount { get; private set; }

    /// <summary>The name of each of <see cref="Parameters"/> in the state_dict of the equivalent PyTorch <c>nn.Sequential</c>.</summary>
    public IReadOnlyList<string> ParameterNames { get; private set; } = [];

    /// <summary>The number of outputs (classes).</summary>
    public int Classes { get; private set; }

    /// <summary>The parameters' floating-point type (float64 unless the model was created otherwise).</summary>
    public ScalarType DType => Parameters[0].dtype;

    /// <summary>The network a spec describes, for data of <paramref name="inputDim"/> values in <paramref name="classes"/> classes.</summary>
    /// <param name="data">The data set: a CNN takes its image shape (<see cref="SpecLimits.ImageShape"/>) from it.</param>
    public static Network Create(ModelSpec spec, DataSpec data, int inputDim, int classes, Device device, ScalarType dtype = ScalarType.Float64) =>
        Create(spec, data, inputDim, classes, device, dtype, null);

    /// <summary>The network a spec describes; an uploaded model (sequential, torchscript) is read from <paramref name="files"/>.</summary>
    /// <param name="files">The local copies of the uploaded model's files; ignored by the built-in models.</param>
    public static Network Create(ModelSpec spec, DataSpec data, int inputDim, int classes, Device device, ScalarType dtype, ModelFiles? files)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        return spec.Kind switch
        {
            ModelKind.Sequential => SequentialNetwork.Load(Required(files?.File, "layer list"), Required(files?.Weights, "weights"), inputDim, classes, device, dtype),
            ModelKind.Torchscript => TorchScriptNetwork.Load(Required(files?.File, "TorchScript file"), files?.Weights,
                PointShape(files?.PointShape ?? [inputDim], inputDim), classes, device, dtype),
            ModelKind.Mlp => Mlp.Create(spec, inputDim, classes, device, dtype),
            ModelKind.Cnn => Cnn.Create(spec, SpecLimits.ImageShape(data.Kind)
                ?? throw new ArgumentException($"A CNN needs images; {data.Kind} points are not.", nameof(data)), classes, device, dtype),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown model {spec.Kind}."),
        };
    }

    static string Required(string? path, string what) =>
        path ?? throw new ArgumentException($"The uploaded model's {what} was not given.", "files");

    static long[] PointShape(long[] shape, int inputDim) =>
        shape.Aggregate(1L, (a, b) => a * b) == inputDim ? shape
            : throw new ArgumentException($"A point of shape [{string.Join(", ", shape)}] does not hold the data's {inputDim} values.", "files");

    /// <summary>Registers the layers (fields of the subclass) and records the flat order and names of their parameters.</summary>
    /// <param name="layers">The layers with parameters, input side first; each contributes its weight, then its bias if it has one.</param>
    /// <param name="names">The state_dict names of the layers' weight and bias, in the same order.</param>
    protected void Register(IEnumerable<nn.Module> layers, IEnumerable<string> names, int classes)
    {
        RegisterComponents();
        Record(layers.SelectMany(l => l.parameters()).ToArray(), names, classes);
    }

    /// <summary>Records the flat order and names of the parameters of layers already registered.</summary>
    protected void Record(IReadOnlyList<Parameter> parameters, IEnumerable<string> names, int classes)
    {
        Parameters = parameters;
        ParameterNames = names.ToArray();
        if (ParameterNames.Count != Parameters.Count)
            throw new InvalidOperationException($"{Parameters.Count} parameters but {ParameterNames.Count} names.");
        ParameterCount = checked((int)Parameters.Sum(p => p.numel()));
        Classes = classes;
    }

    /// <summary>
    /// Draws the parameters by the spec's seeded stream, in <see cref="Parameters"/> order. <see cref="InitKind.Normal"/>
    /// (the default): every weight and bias from N(0, initStd²) (Sagun et al.'s initialisation). <see cref="InitKind.He"/>:
    /// each layer's weights from N(0, 2/fan_in); <see cref="InitKind.Glorot"/>: from N(0, 2/(fan_in + fan_out)) (Glorot's
    /// normal variant); both set the biases to zero, drawing nothing for them. The draws are float64 and rounded to the
    /// model's dtype, so a float32 model is the float64 one rounded.
    /// </summary>
    /// <param name="fans">Each layer's fan_in and fan_out as PyTorch's init counts them: a Linear layer's input and output
    /// widths, a conv layer's in_channels·k² and out_channels·k².</param>
    protected void Initialise(ModelSpec spec, IReadOnlyList<(int FanIn, int FanOut)> fans)
    {
        var random = SeededRandom.For(RandomStream.Weights, spec.Seed);
        var values = new double[ParameterCount];
        if (spec.Init == InitKind.Normal)
        {
            for (var i = 0; i < values.Length; i++) values[i] = random.NextNormal(0, spec.InitStd);
        }
        else
        {
            var offset = 0;
            var p = 0;
            foreach (var (fanIn, fanOut) in fans)
            {
                var std = Math.Sqrt(spec.Init == InitKind.He ? 2.0 / fanIn : 2.0 / (fanIn + fanOut));
                var weights = Parameters[p++].numel();
                for (var i = 0; i < weights; i++) values[offset++] = random.NextNormal(0, std);
                if (spec.Bias) offset += (int)Parameters[p++].numel(); // zero biases
            }
        }
        SetFlatParameters(values);
    }

    protected static void RequireFloatingType(ScalarType dtype, string model)
    {
        if (dtype is not (ScalarType.Float64 or ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(dtype), $"{model} is float64 or float32, not {dtype}.");
    }

    /// <summary>The hidden layers' nonlinearity.</summary>
    protected static Tensor Activate(Tensor x, Activation activation) => activation switch
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
