namespace HessianWeb.Shared.Specs;

// Why this is large: the table of bounds a spec is checked against, with the sizes those bounds are about (parameters,
// memory, image shapes) computed from the spec in this one place, so the validator, the form and the worker agree.
/// <summary>Bounds a spec must respect before it reaches libtorch (whose errors abort the worker).</summary>
public static class SpecLimits
{
    /// <summary>The default largest explicit Hessian: M×M float64, 5,000 parameters is 200 MB.</summary>
    public const int MaxExactParameters = 5_000;
    /// <summary>The most <see cref="AnalysisSpec.ExactLimit"/> may be raised to: 10,000 parameters is 800 MB per matrix.</summary>
    public const int MaxExactLimit = 10_000;
    public const int MaxClasses = 100;
    public const int MaxInputDim = 10_000;
    public const int MaxSamples = 1_000_000;
    public const int MaxWidth = 100_000;
    public const int MaxDepth = 32;
    public const int MaxConvLayers = 8;
    public const int MaxChannels = 1_024;
    public const int MaxEpochs = 1_000_000;
    public const int MaxLanczosSteps = 10_000;
    /// <summary>
    /// The memory a spec's tensors may take on a worker (4 GiB): the figure the parameter and Lanczos limits follow from.
    /// Arrays leave the worker as streamed files (<see cref="Artifacts.ArtifactRoutes"/>), so no message size bounds a model.
    /// </summary>
    public const long WorkerMemoryBytes = 4L << 30;

    /// <summary>
    /// Values a density event carries, (probes + 2) × grid points (grid, mean, one row per probe): 120,000 is about 3 MB
    /// of JSON, inside the hub's message limit (<see cref="Hubs.ComputeHubRoute.MaxMessageBytes"/>).
    /// </summary>
    public const long MaxDensityValues = 120_000;

    static int ElementBytes(ExperimentSpec spec) => spec.Model.Dtype == ModelDtype.Float32 ? sizeof(float) : sizeof(double);

    /// <summary>Lanczos keeps every basis vector: (steps + 1)·M values, in the model's precision (float32 or float64).</summary>
    public static long LanczosBasisBytes(ExperimentSpec spec) => (spec.Analysis.LanczosMaxSteps + 1L) * ParameterCount(spec) * ElementBytes(spec);

    /// <summary>
    /// Bytes per parameter a run holds besides the Lanczos basis: in the model's precision the weights, their gradient,
    /// the gradient kept with its graph and the product of a Hessian-vector product, and two vectors of optimizer state
    /// (Adam's moments); in float64 the recurrence's newest two vectors and two work vectors, and the Ritz vectors formed
    /// at the end (top k + bottom k).
    /// </summary>
    public static long BytesPerParameter(ExperimentSpec spec) =>
        6L * ElementBytes(spec) + (4L + spec.Analysis.LanczosK + spec.Analysis.LanczosBottomK) * sizeof(double);

    /// <summary>What a run's vectors take: <see cref="BytesPerParameter"/> and a Lanczos basis of <paramref name="steps"/> + 1 rows.</summary>
    public static long MemoryBytes(ExperimentSpec spec, int steps) =>
        ParameterCount(spec) * (BytesPerParameter(spec) + (steps + 1L) * ElementBytes(spec));

    /// <summary>The largest model whose vectors and Lanczos basis fit <see cref="WorkerMemoryBytes"/> with the spec's step limit.</summary>
    public static long MaxParameters(ExperimentSpec spec) =>
        WorkerMemoryBytes / (BytesPerParameter(spec) + (spec.Analysis.LanczosMaxSteps + 1L) * ElementBytes(spec));

    /// <summary>
    /// Parameters of the model: for an uploaded one the count the server read from its files (0 before it has); for an MLP Σ (fan_in + 1)·fan_out over its layers with biases, Σ fan_in·fan_out without;
    /// a CNN adds (in_channels·k² + 1)·out_channels per conv layer (without the 1 when biasless) and its dense head's
    /// fan_in is the flattened conv output (<see cref="ConvFeatures"/>). A CNN whose shape is not valid counts its
    /// conv layers only.
    /// </summary>
    public static long ParameterCount(ExperimentSpec spec)
    {
        if (IsUploaded(spec.Model.Kind)) return spec.Model.ParameterCount ?? 0;
        long count = 0;
        long fanIn = InputDimension(spec.Data);
        var bias = spec.Model.Bias ? 1 : 0;
        if (spec.Model.Kind == ModelKind.Cnn)
        {
            long channels = ImageShape(spec.Data.Kind)?.Channels ?? 1;
            foreach (var outChannels in spec.Model.ConvChannels ?? [])
            {
                count += (channels * spec.Model.KernelSize * spec.Model.KernelSize + bias) * outChannels;
                channels = outChannels;
            }
            fanIn = ConvFeatures(spec.Model, spec.Data) ?? 0;
        }
        foreach (var width in spec.Model.HiddenWidths.Append(ClassCount(spec.Data)))
        {
            count += (fanIn + bias) * width;
            fanIn = width;
        }
        return count;
    }

    /// <summary>An image set's channels, height and width (MNIST and Fashion-MNIST 1×28×28, CIFAR-10 3×32×32); null for the others.</summary>
    public static (int Channels, int Height, int Width)? ImageShape(DataKind kind) => kind switch
    {
        DataKind.Mnist or DataKind.FashionMnist => (1, 28, 28),
        DataKind.Cifar10 => (3, 32, 32),
        _ => null,
    };

    /// <summary>
    /// The side of the feature maps after each conv layer of a CNN on images of side <paramref name="side"/>: valid
    /// convolution (s − k + 1) then max-pooling (⌊s / pool⌋). Stops early (shorter than the channel list) at the first
    /// layer that would leave nothing, i.e. a side below 1.
    /// </summary>
    public static IReadOnlyList<int> ConvSides(ModelSpec model, int side)
    {
        var sides = new List<int>();
        if (model.ConvChannels is null || model.KernelSize < 1 || model.Pool < 1) return sides;
        foreach (var _ in model.ConvChannels)
        {
            side = (side - model.KernelSize + 1) / model.Pool;
            if (side < 1) break;
            sides.Add(side);
        }
        return sides;
    }

    /// <summary>
    /// The length of a CNN's flattened conv output, the dense head's fan_in: channels × height × width after the last conv
    /// layer; null when the data are not images or a layer would leave nothing.
    /// </summary>
    public static long? ConvFeatures(ModelSpec model, DataSpec data) =>
        ImageShape(data.Kind) is { } shape ? ConvFeatures(model, shape) : null;

    /// <summary>The length of a CNN's flattened conv output on images of this shape; null when a layer would leave nothing.</summary>
    public static long? ConvFeatures(ModelSpec model, (int Channels, int Height, int Width) image)
    {
        if (model.ConvChannels is not { Length: > 0 } channels) return null;
        var heights = ConvSides(model, image.Height);
        var widths = ConvSides(model, image.Width);
        if (heights.Count < channels.Length || widths.Count < channels.Length) return null;
        return (long)channels[^1] * heights[^1] * widths[^1];
    }

    /// <summary>The images' pixel count: 28×28 for MNIST and Fashion-MNIST.</summary>
    public const int ImagePixels = 784;
    /// <summary>A CIFAR-10 image's values: 3 colour planes of 32×32.</summary>
    public const int CifarValues = 3 * 32 * 32;
    /// <summary>The classes in MNIST, Fashion-MNIST and CIFAR-10.</summary>
    public const int ImageClasses = 10;

    public static bool IsImageSet(DataKind kind) => ImageShape(kind) is not null;

    /// <summary>The user's own models (<see cref="ModelKind.Sequential"/>, <see cref="ModelKind.Torchscript"/>): built from uploads, not from the spec's fields.</summary>
    public static bool IsUploaded(ModelKind kind) => kind is ModelKind.Sequential or ModelKind.Torchscript;

    /// <summary>The most values one point of uploaded data (<see cref="DataKind.Tensors"/>) may have: a 3×512×512 image.</summary>
    public const int MaxTensorInputDim = 3 * 512 * 512;

    /// <summary>The model's input width: the spec's for blobs, derived for the other data sets.</summary>
    public static int InputDimension(DataSpec data) => data.Kind switch
    {
        DataKind.Moons or DataKind.Circles => 2,
        _ when ImageShape(data.Kind) is { } image => image.Channels * image.Height * image.Width,
        _ => data.InputDim,
    };

    /// <summary>The model's output width: the spec's for blobs, derived for the other data sets.</summary>
    public static int ClassCount(DataSpec data) => data.Kind switch
    {
        DataKind.Moons or DataKind.Circles => 2,
        DataKind.Mnist or DataKind.FashionMnist or DataKind.Cifar10 => data.ClassList?.Length ?? ImageClasses,
        _ => data.Classes,
    };

    /// <summary>The training set's size: the spec's, or for an image set PerClass × classes at most; null: the files' size.</summary>
    public static long? TrainingPoints(DataSpec data) =>
        !IsImageSet(data.Kind) ? data.TrainSize : data.PerClass is { } perClass ? (long)perClass * ClassCount(data) : null;

    public static bool ComputesExact(ExperimentSpec spec) => spec.Analysis.Exact switch
    {
        ExactSpectrumMode.Always => true,
        ExactSpectrumMode.Never => false,
        _ => ParameterCount(spec) <= spec.Analysis.ExactLimit,
    };
}
