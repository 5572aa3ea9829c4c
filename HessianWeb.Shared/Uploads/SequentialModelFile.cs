namespace HessianWeb.Shared.Uploads;

/// <summary>
/// A model as a list of layers applied in turn, PyTorch's <c>nn.Sequential</c>: what the export writes as model.json and
/// model kind "sequential" reads back. The weights live beside it (a safetensors file or a PyTorch state dict) under the
/// Sequential's names, "&lt;layer index&gt;.weight", "&lt;layer index&gt;.bias" (and a batch norm's "running_mean",
/// "running_var", "num_batches_tracked").
/// </summary>
public sealed record SequentialModelFile
{
    public const string CurrentFormat = "hessianweb.sequential/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>One point's shape as the first layer takes it, e.g. [2] for 2-D points or [1, 28, 28] for images.</summary>
    public long[] InputShape { get; init; } = [];

    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];
}

/// <summary>
/// One layer, named as PyTorch names it (<see cref="Type"/>) with its constructor arguments in camelCase. Types: Linear,
/// Conv2d, MaxPool2d, AvgPool2d, Flatten, ReLU, Tanh, GELU, Sigmoid, Identity, Dropout, BatchNorm1d, BatchNorm2d,
/// LayerNorm. Fields a type does not take stay null; a missing optional one takes PyTorch's default.
/// </summary>
public sealed record LayerSpec
{
    public string Type { get; init; } = "";
    /// <summary>Linear.</summary>
    public int? InFeatures { get; init; }
    public int? OutFeatures { get; init; }
    /// <summary>Conv2d.</summary>
    public int? InChannels { get; init; }
    public int? OutChannels { get; init; }
    /// <summary>Conv2d and the pools: a square kernel's side.</summary>
    public int? KernelSize { get; init; }
    /// <summary>Conv2d (default 1) and the pools (default the kernel size).</summary>
    public int? Stride { get; init; }
    /// <summary>Conv2d and the pools (default 0).</summary>
    public int? Padding { get; init; }
    /// <summary>Linear and Conv2d (default true).</summary>
    public bool? Bias { get; init; }
    /// <summary>BatchNorm1d and BatchNorm2d.</summary>
    public int? NumFeatures { get; init; }
    /// <summary>The batch norms and LayerNorm (default 1e-5).</summary>
    public double? Eps { get; init; }
    /// <summary>LayerNorm: the trailing shape it normalises over.</summary>
    public long[]? NormalizedShape { get; init; }
    /// <summary>LayerNorm (default true): whether it has a weight and bias.</summary>
    public bool? ElementwiseAffine { get; init; }
    /// <summary>Dropout's probability: kept for the record; dropout is off in eval mode, the mode every analysis uses.</summary>
    public double? P { get; init; }
    /// <summary>Flatten (default 1).</summary>
    public int? StartDim { get; init; }
}
