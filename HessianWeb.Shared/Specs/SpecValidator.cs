namespace HessianWeb.Shared.Specs;

/// <summary>
/// Checks a spec field by field. Keys are the JSON paths of the fields (<c>data.classes</c>), so the
/// API's ProblemDetails and the form can both name the field that is wrong.
/// </summary>
public static partial class SpecValidator
{
    public static IReadOnlyDictionary<string, string[]> Validate(ExperimentSpec? spec)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (spec is null)
        {
            Fail("spec", "The request body must be an experiment spec.");
            return Freeze(errors);
        }
        if (spec.Data is null) Fail(SpecFields.Data.Section, "Data settings are required.");
        if (spec.Model is null) Fail(SpecFields.Model.Section, "Model settings are required.");
        if (spec.Training is null) Fail(SpecFields.Training.Section, "Training settings are required.");
        if (spec.Analysis is null) Fail(SpecFields.Analysis.Section, "Analysis settings are required.");
        if (errors.Count > 0) return Freeze(errors);

        if (string.IsNullOrWhiteSpace(spec.Name)) Fail(SpecFields.Name, "Give the run a name.");
        else if (spec.Name.Length > 200) Fail(SpecFields.Name, "The name must be at most 200 characters.");
        if (spec.Device is { } device && !Enum.IsDefined(device)) Fail(SpecFields.Device, "The device must be cpu or cuda, or left out for any worker.");

        ValidateData(spec.Data!, Fail);
        ValidateModel(spec.Model!, spec.Data!, Fail);
        ValidateTraining(spec.Training!, spec.Data!, Fail);
        ValidatePhases(spec.Training!, spec.Data!, Fail);
        ValidateAnalysis(spec, Fail);
        return Freeze(errors);
    }

    static void ValidateData(DataSpec d, Action<string, string> fail)
    {
        if (!Enum.IsDefined(d.Kind)) fail(SpecFields.Data.Kind, "Unknown data set.");
        if (!Enum.IsDefined(d.Generator)) fail(SpecFields.Data.Generator, "The blob generator must be scikitLearn or hessianWeb.");
        if (d.Kind == DataKind.Blobs && d.Generator == DataGenerator.ScikitLearn && d.Seed < 0)
            fail(SpecFields.Data.Seed, "scikit-learn's blobs take a data seed of 0 or above (numpy's RandomState refuses negative seeds); generator hessianWeb takes any.");
        Range(d.Classes, 2, SpecLimits.MaxClasses, SpecFields.Data.Classes, "The number of classes", fail);
        if (d.Kind == DataKind.Tensors && d.File is null) fail(SpecFields.Data.File, "Choose the uploaded data file (safetensors or .npz with x and y).");
        Range(d.InputDim, 1, d.Kind == DataKind.Tensors ? SpecLimits.MaxTensorInputDim : SpecLimits.MaxInputDim, SpecFields.Data.InputDim, "The input dimension", fail);
        Range(d.TrainSize, 1, SpecLimits.MaxSamples, SpecFields.Data.TrainSize, "The training size", fail);
        Range(d.TestSize, 0, SpecLimits.MaxSamples, SpecFields.Data.TestSize, "The test size", fail);
        if (!double.IsFinite(d.ClusterStd) || d.ClusterStd <= 0)
            fail(SpecFields.Data.ClusterStd, "The cluster standard deviation must be a finite number above 0.");
        if (d.Kind == DataKind.Blobs && d.TrainSize >= 1 && d.Classes >= 2 && d.TrainSize < d.Classes)
            fail(SpecFields.Data.TrainSize, $"The training set needs at least one point per class ({d.Classes}).");
        if (d.Kind is DataKind.Moons or DataKind.Circles && d.TrainSize is >= 1 and < 2)
            fail(SpecFields.Data.TrainSize, "The training set needs at least one point per class (2).");
        Range(d.ClustersPerClass, 1, 100, SpecFields.Data.ClustersPerClass, "The clusters per class", fail);
        if (d.Separation is { } separation && (!double.IsFinite(separation) || separation <= 0))
            fail(SpecFields.Data.Separation, "The separation must be a finite number above 0, or empty for centres in [−10, 10]^d.");
        if (!double.IsFinite(d.Noise) || d.Noise < 0) fail(SpecFields.Data.Noise, "The noise must be a finite number, 0 or above.");
        if (!double.IsFinite(d.Factor) || d.Factor <= 0 || d.Factor >= 1)
            fail(SpecFields.Data.Factor, "The inner circle's radius over the outer's must be between 0 and 1.");
        if (d.Directory is { } directory && string.IsNullOrWhiteSpace(directory))
            fail(SpecFields.Data.Directory, "Give a folder, or leave it empty for the worker's data folders.");
        if (d.PerClass is < 1) fail(SpecFields.Data.PerClass, "Take at least one point per class, or leave it empty for all of them.");
        if (d.ClassList is { } list)
        {
            if (list.Length < 2) fail(SpecFields.Data.ClassList, "List at least two classes, or leave it empty for all of them.");
            if (list.Any(c => c < 0 || c >= SpecLimits.ImageClasses))
                fail(SpecFields.Data.ClassList, $"Classes are numbered 0 to {SpecLimits.ImageClasses - 1}.");
            if (list.Distinct().Count() != list.Length) fail(SpecFields.Data.ClassList, "List each class once.");
        }
    }

    static void ValidateModel(ModelSpec m, DataSpec d, Action<string, string> fail)
    {
        if (m.Kind == ModelKind.Cnn) ValidateConvolutions(m, d, fail);
        if (!Enum.IsDefined(m.Kind)) fail(SpecFields.Model.Kind, "Unknown model.");
        if (SpecLimits.IsUploaded(m.Kind)) ValidateUploadedModel(m, fail);
        if (!Enum.IsDefined(m.Activation)) fail(SpecFields.Model.Activation, "The activation must be relu, tanh, sigmoid or identity.");
        if (!Enum.IsDefined(m.Init)) fail(SpecFields.Model.Init, "The initialisation must be normal, he or glorot.");
        if (!Enum.IsDefined(m.Dtype)) fail(SpecFields.Model.Dtype, "The model's type must be float64 or float32.");
        if (!Enum.IsDefined(m.Loss)) fail(SpecFields.Model.Loss, "The loss must be crossEntropy or mse.");
        if (m.HiddenWidths is null) fail(SpecFields.Model.HiddenWidths, "Give the hidden widths (an empty list is a linear model).");
        else
        {
            if (m.HiddenWidths.Length > SpecLimits.MaxDepth)
                fail(SpecFields.Model.HiddenWidths, $"At most {SpecLimits.MaxDepth} hidden layers.");
            if (m.HiddenWidths.Any(w => w < 1 || w > SpecLimits.MaxWidth))
                fail(SpecFields.Model.HiddenWidths, $"Every hidden width must be between 1 and {SpecLimits.MaxWidth:N0}.");
        }
        if (!double.IsFinite(m.InitStd) || m.InitStd <= 0)
            fail(SpecFields.Model.InitStd, "The initialisation standard deviation must be a finite number above 0.");
    }

    /// <summary>An uploaded model's files: the server checks their contents against each other and the data at submit.</summary>
    static void ValidateUploadedModel(ModelSpec m, Action<string, string> fail)
    {
        if (m.File is null)
            fail(SpecFields.Model.File, m.Kind == ModelKind.Sequential
                ? "Choose the uploaded layer list (model.json, as the export writes it)."
                : "Choose the uploaded TorchScript file (torch.jit.save).");
        if (m.Kind == ModelKind.Sequential && m.Weights is null)
            fail(SpecFields.Model.Weights, "Choose the uploaded weights (safetensors, or a .pt from torch.save(model.state_dict())).");
        if (m.ParameterCount is < 1) fail(SpecFields.Model.ParameterCount, "The model has no parameters to take the Hessian in.");
    }

    /// <summary>A CNN's conv fields, checked only for a CNN (an MLP ignores them), and that its layers fit the images.</summary>
    static void ValidateConvolutions(ModelSpec m, DataSpec d, Action<string, string> fail)
    {
        if (SpecLimits.ImageShape(d.Kind) is not { } image)
        {
            fail(SpecFields.Model.Kind, $"A CNN needs images (mnist, fashionMnist or cifar10), not {d.Kind.ToString().ToLowerInvariant()}. Choose the MLP or an image set.");
            return;
        }
        if (m.ConvChannels is null || m.ConvChannels.Length == 0)
            fail(SpecFields.Model.ConvChannels, "Give the channels of at least one conv layer, e.g. 6, 16.");
        else
        {
            if (m.ConvChannels.Length > SpecLimits.MaxConvLayers)
                fail(SpecFields.Model.ConvChannels, $"At most {SpecLimits.MaxConvLayers} conv layers.");
            if (m.ConvChannels.Any(c => c < 1 || c > SpecLimits.MaxChannels))
                fail(SpecFields.Model.ConvChannels, $"Every conv layer's channels must be between 1 and {SpecLimits.MaxChannels:N0}.");
        }
        var side = Math.Min(image.Height, image.Width);
        Range(m.KernelSize, 1, side, SpecFields.Model.KernelSize, "The kernel size", fail);
        Range(m.Pool, 1, side, SpecFields.Model.Pool, "The pooling size", fail);
        if (m.ConvChannels is { Length: > 0 and <= SpecLimits.MaxConvLayers } channels && m.KernelSize is >= 1 && m.KernelSize <= side && m.Pool is >= 1 && m.Pool <= side)
        {
            var fitted = SpecLimits.ConvSides(m, side).Count;
            if (fitted < channels.Length)
                fail(SpecFields.Model.ConvChannels,
                    $"The {image.Height}×{image.Width} images shrink to nothing in conv layer {fitted + 1}: with kernel {m.KernelSize} (no padding) and pooling {m.Pool}, at most {fitted} conv layer{(fitted == 1 ? "" : "s")} fit.");
        }
    }

    static void ValidateTraining(TrainingSpec t, DataSpec d, Action<string, string> fail)
    {
        if (!Enum.IsDefined(t.Optimizer)) fail(SpecFields.Training.Optimizer, "Unknown optimizer.");
        if (!double.IsFinite(t.LearningRate) || t.LearningRate <= 0)
            fail(SpecFields.Training.LearningRate, "The learning rate must be a finite number above 0.");
        if (t.BatchSize is { } b && (b < 1 || b > (SpecLimits.TrainingPoints(d) ?? long.MaxValue)))
            fail(SpecFields.Training.BatchSize, $"The batch size must be between 1 and the training size ({SpecLimits.TrainingPoints(d)}), or full batch.");
        Range(t.Epochs, 0, SpecLimits.MaxEpochs, SpecFields.Training.Epochs, "The number of epochs", fail);
        if (!double.IsFinite(t.GradNormTolerance) || t.GradNormTolerance < 0)
            fail(SpecFields.Training.GradNormTolerance, "The gradient-norm tolerance must be a finite number, 0 or above.");
        if (!double.IsFinite(t.Momentum) || t.Momentum < 0 || t.Momentum >= 1)
            fail(SpecFields.Training.Momentum, "The momentum must be at least 0 and below 1.");
        if (!double.IsFinite(t.WeightDecay) || t.WeightDecay < 0)
            fail(SpecFields.Training.WeightDecay, "The weight decay must be a finite number, 0 or above.");
        if (!Enum.IsDefined(t.Schedule)) fail(SpecFields.Training.Schedule, "The schedule must be constant, step or cosine.");
        if (t.StepEvery < 1) fail(SpecFields.Training.StepEvery, "Decay the learning rate every N epochs with N at least 1.");
        if (!double.IsFinite(t.StepFactor) || t.StepFactor <= 0 || t.StepFactor > 1)
            fail(SpecFields.Training.StepFactor, "The step factor must be above 0 and at most 1.");
        if (!double.IsFinite(t.LossTolerance) || t.LossTolerance < 0)
            fail(SpecFields.Training.LossTolerance, "The loss tolerance must be a finite number, 0 or above.");
        if (t.TestEvery is < 1) fail(SpecFields.Training.TestEvery, "Evaluate the test set every N epochs with N at least 1, or leave it empty.");
        if (!double.IsFinite(t.AdamBeta1) || t.AdamBeta1 < 0 || t.AdamBeta1 >= 1)
            fail(SpecFields.Training.AdamBeta1, "Adam's β₁ must be at least 0 and below 1.");
        if (!double.IsFinite(t.AdamBeta2) || t.AdamBeta2 < 0 || t.AdamBeta2 >= 1)
            fail(SpecFields.Training.AdamBeta2, "Adam's β₂ must be at least 0 and below 1.");
        if (!double.IsFinite(t.AdamEpsilon) || t.AdamEpsilon <= 0)
            fail(SpecFields.Training.AdamEpsilon, "Adam's ε must be a finite number above 0.");
    }

    static void ValidateAnalysis(ExperimentSpec spec, Action<string, string> fail)
    {
        var a = spec.Analysis;
        Range(a.LanczosK, 1, 1_000, SpecFields.Analysis.LanczosK, "The number of top eigenvalues", fail);
        Range(a.LanczosMaxSteps, 1, SpecLimits.MaxLanczosSteps, SpecFields.Analysis.LanczosMaxSteps, "The Lanczos step limit", fail);
        Range(a.LanczosBottomK, 0, 1_000, SpecFields.Analysis.LanczosBottomK, "The number of bottom eigenvalues", fail);
        if (a.LanczosMaxSteps < a.LanczosK + a.LanczosBottomK)
            fail(SpecFields.Analysis.LanczosMaxSteps, "The Lanczos step limit must be at least the number of eigenvalues asked for (top + bottom).");
        Range(a.ExactLimit, 1, SpecLimits.MaxExactLimit, SpecFields.Analysis.ExactLimit, "The largest model for explicit matrices", fail);
        if (a.EveryEpochs is { } every && every < 1) fail(SpecFields.Analysis.EveryEpochs, "Analyse every N epochs with N at least 1, or leave it empty.");
        ValidateDensity(a.Density, fail);
        ValidateTrace(a.Trace, fail);
        ValidateSample(a.Sample, spec.Data, fail);
        ValidateInterpolations(spec, fail);
        if (!double.IsFinite(a.LanczosTolerance) || a.LanczosTolerance <= 0 || a.LanczosTolerance >= 1)
            fail(SpecFields.Analysis.LanczosTolerance, "The Lanczos tolerance must be between 0 and 1.");
        if (!Enum.IsDefined(a.Exact)) fail(SpecFields.Analysis.Exact, "The exact spectrum setting must be auto, always or never.");
        if (!Enum.IsDefined(a.Reorthogonalisation))
            fail(SpecFields.Analysis.Reorthogonalisation, "The reorthogonalisation must be full, partial or selective.");

        if (spec.Model.HiddenWidths is null || spec.Model.HiddenWidths.Any(w => w < 1)) return;
        if (spec.Model.Kind == ModelKind.Cnn && (SpecLimits.ConvFeatures(spec.Model, spec.Data) is null || spec.Model.ConvChannels.Any(c => c < 1))) return;
        var m = SpecLimits.ParameterCount(spec);
        var memory = SpecLimits.WorkerMemoryBytes / 1e9;
        var fewestSteps = Math.Max(1, a.LanczosK + a.LanczosBottomK);
        // Blame the model when no step limit would make it fit, else the step limit.
        if (SpecLimits.MemoryBytes(spec, fewestSteps) > SpecLimits.WorkerMemoryBytes)
            fail(SpecFields.Model.HiddenWidths,
                $"This model has {m:N0} parameters; a worker's {memory:N1} GB holds the vectors of at most {SpecLimits.MaxParameters(spec):N0} with {a.LanczosMaxSteps:N0} Lanczos steps (weights, gradients, optimizer state, Lanczos basis, Ritz vectors).");
        else if (SpecLimits.MemoryBytes(spec, a.LanczosMaxSteps) > SpecLimits.WorkerMemoryBytes)
            fail(SpecFields.Analysis.LanczosMaxSteps,
                $"Lanczos would keep {a.LanczosMaxSteps:N0} basis vectors of {m:N0} values: {SpecLimits.LanczosBasisBytes(spec) / 1e9:N1} GB, which with the model's other vectors is more than a worker's {memory:N1} GB. Take fewer steps or a smaller model.");
        if (a.Exact == ExactSpectrumMode.Always && m > a.ExactLimit)
            fail(SpecFields.Analysis.Exact,
                $"The exact Hessian of {m:N0} parameters would need {m * (double)m * 8 / 1e9:N1} GB; it is computed for at most {a.ExactLimit:N0} parameters. Choose auto or never.");
    }

    static void ValidateDensity(DensitySpec? d, Action<string, string> fail)
    {
        if (d is null) { fail(SpecFields.Density.Section, "Density settings are required (set enabled: false to skip)."); return; }
        if (!d.Enabled) return;
        Range(d.Probes, 1, 1_000, SpecFields.Density.Probes, "The number of probe vectors", fail);
        Range(d.Steps, 2, SpecLimits.MaxLanczosSteps, SpecFields.Density.Steps, "The Lanczos steps per probe", fail);
        Range(d.GridPoints, 11, 100_000, SpecFields.Density.GridPoints, "The number of grid points", fail);
        if (!Enum.IsDefined(d.Distribution)) fail(SpecFields.Density.Distribution, "Probes are rademacher or gaussian.");
        if (d.Width is { } w && (!double.IsFinite(w) || w <= 0))
            fail(SpecFields.Density.Width, "The broadening width must be a finite number above 0, or empty for the default.");
        if (!double.IsFinite(d.RelativeWidth) || d.RelativeWidth <= 0 || d.RelativeWidth > 1)
            fail(SpecFields.Density.RelativeWidth, "The relative broadening width must be above 0 and at most 1.");
        if ((d.Probes + 2L) * d.GridPoints > SpecLimits.MaxDensityValues)
            fail(SpecFields.Density.GridPoints,
                $"A density of {d.Probes:N0} probes on {d.GridPoints:N0} grid points is {(d.Probes + 2L) * d.GridPoints:N0} values; one density event carries at most {SpecLimits.MaxDensityValues:N0}. Take fewer probes or grid points.");
    }

    static void ValidateTrace(TraceSpec? t, Action<string, string> fail)
    {
        if (t is null) { fail(SpecFields.Trace.Section, "Trace settings are required (set enabled: false to skip)."); return; }
        if (!t.Enabled) return;
        Range(t.HutchinsonProbes, 2, 100_000, SpecFields.Trace.HutchinsonProbes, "The Hutchinson probes", fail);
        Range(t.HutchPlusPlusProducts, 6, 100_000, SpecFields.Trace.HutchPlusPlusProducts, "The Hutch++ products", fail);
    }

    static void ValidateSample(CurvatureSampleSpec? s, DataSpec data, Action<string, string> fail)
    {
        if (s is null) { fail(SpecFields.Sample.Section, "Sample settings are required (empty means the whole training set)."); return; }
        // An image set's size is its files' unless PerClass bounds it; a larger sample fails when the data are read.
        var trainSize = SpecLimits.TrainingPoints(data);
        if (s.Size is { } size && (size < 1 || size > (trainSize ?? long.MaxValue)))
            fail(SpecFields.Sample.Size, $"The curvature sample must be between 1 and the training size ({trainSize}), or empty for all of it.");
        if (s.BatchSize is { } b && b < 1) fail(SpecFields.Sample.BatchSize, "The curvature batch size must be at least 1, or empty for one batch.");
    }

    static void Range(int value, int min, int max, string field, string what, Action<string, string> fail)
    {
        if (value < min || value > max) fail(field, $"{what} must be between {min:N0} and {max:N0}.");
    }

    static IReadOnlyDictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
