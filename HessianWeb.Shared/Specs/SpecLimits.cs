namespace HessianWeb.Shared.Specs;

/// <summary>Bounds a spec must respect before it reaches libtorch (whose errors abort the worker).</summary>
public static class SpecLimits
{
    /// <summary>The default largest explicit Hessian: M×M float64, 5,000 parameters is 200 MB.</summary>
    public const int MaxExactParameters = 5_000;
    /// <summary>The most <see cref="AnalysisSpec.ExactLimit"/> may be raised to: 10,000 parameters is 800 MB per matrix.</summary>
    public const int MaxExactLimit = 10_000;
    /// <summary>
    /// A checkpoint's weights travel to the server in one hub message (at most 64 MB, base64): 5M float64
    /// parameters is 40 MB raw, 53 MB encoded. Larger models need chunked artifacts first.
    /// </summary>
    public const long MaxParameters = 5_000_000;
    public const int MaxClasses = 100;
    public const int MaxInputDim = 10_000;
    public const int MaxSamples = 1_000_000;
    public const int MaxWidth = 100_000;
    public const int MaxDepth = 32;
    public const int MaxEpochs = 1_000_000;
    public const int MaxLanczosSteps = 10_000;
    /// <summary>Lanczos with full reorthogonalisation keeps every basis vector: (steps + 1)·M float64 values.</summary>
    public const long MaxLanczosBasisBytes = 4L << 30;

    public static long LanczosBasisBytes(ExperimentSpec spec) => (spec.Analysis.LanczosMaxSteps + 1L) * ParameterCount(spec) * sizeof(double);

    /// <summary>Parameters of an MLP: Σ (fan_in + 1)·fan_out over its layers with biases, Σ fan_in·fan_out without.</summary>
    public static long ParameterCount(ExperimentSpec spec)
    {
        long count = 0;
        long fanIn = InputDimension(spec.Data);
        var bias = spec.Model.Bias ? 1 : 0;
        foreach (var width in spec.Model.HiddenWidths.Append(ClassCount(spec.Data)))
        {
            count += (fanIn + bias) * width;
            fanIn = width;
        }
        return count;
    }

    /// <summary>The images' pixel count: 28×28 for MNIST and Fashion-MNIST.</summary>
    public const int ImagePixels = 784;
    /// <summary>The classes in MNIST and Fashion-MNIST.</summary>
    public const int ImageClasses = 10;

    public static bool IsImageSet(DataKind kind) => kind is DataKind.Mnist or DataKind.FashionMnist;

    /// <summary>The model's input width: the spec's for blobs, derived for the other data sets.</summary>
    public static int InputDimension(DataSpec data) => data.Kind switch
    {
        DataKind.Moons or DataKind.Circles => 2,
        DataKind.Mnist or DataKind.FashionMnist => ImagePixels,
        _ => data.InputDim,
    };

    /// <summary>The model's output width: the spec's for blobs, derived for the other data sets.</summary>
    public static int ClassCount(DataSpec data) => data.Kind switch
    {
        DataKind.Moons or DataKind.Circles => 2,
        DataKind.Mnist or DataKind.FashionMnist => data.ClassList?.Length ?? ImageClasses,
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
