using System.Globalization;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// The new-run form's fields as typed (text, so that "1e-4" and a half-typed "0." are fine), turned
/// into a spec and checked by the same <see cref="SpecValidator"/> the API uses. Error keys are the
/// validator's JSON paths; a field that does not parse gets its own message under its own key.
/// </summary>
public sealed class SpecForm
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Name { get; set; } = "";

    public DataKind DataKind { get; set; }
    /// <summary>Blobs only: scikit-learn's make_blobs bit for bit, or the xoshiro blobs.</summary>
    public DataGenerator Generator { get; set; }
    public string Classes { get; set; } = "";
    public string InputDim { get; set; } = "";
    public string TrainSize { get; set; } = "";
    public string TestSize { get; set; } = "";
    public string ClusterStd { get; set; } = "";
    public string DataSeed { get; set; } = "";
    public string ClustersPerClass { get; set; } = "";
    /// <summary>Empty: blob centres uniform in [−10, 10]^d.</summary>
    public string Separation { get; set; } = "";
    public string Noise { get; set; } = "";
    public string Factor { get; set; } = "";
    /// <summary>Empty: every point of each class.</summary>
    public string PerClass { get; set; } = "";
    /// <summary>Comma-separated; empty: all ten classes.</summary>
    public string ClassList { get; set; } = "";
    /// <summary>Empty: the worker's data folders.</summary>
    public string Directory { get; set; } = "";
    public bool Standardise { get; set; }

    public string HiddenWidths { get; set; } = "";
    public Activation Activation { get; set; }
    public string InitStd { get; set; } = "";
    public string ModelSeed { get; set; } = "";
    public ModelKind ModelKind { get; set; }
    /// <summary>CNN: comma-separated output channels of the conv layers.</summary>
    public string ConvChannels { get; set; } = "";
    public string KernelSize { get; set; } = "";
    public string Pool { get; set; } = "";
    public bool Bias { get; set; }
    public InitKind Init { get; set; }

    public string LearningRate { get; set; } = "";
    public bool FullBatch { get; set; }
    public string BatchSize { get; set; } = "";
    public string Epochs { get; set; } = "";
    public string GradNormTolerance { get; set; } = "";
    public string TrainingSeed { get; set; } = "";
    public OptimizerKind Optimizer { get; set; }
    public string Momentum { get; set; } = "";
    public string WeightDecay { get; set; } = "";
    public LearningRateSchedule Schedule { get; set; }
    public string StepEvery { get; set; } = "";
    public string StepFactor { get; set; } = "";
    /// <summary>0: train until the other rules stop it.</summary>
    public string LossTolerance { get; set; } = "";

    public string LanczosK { get; set; } = "";
    public string LanczosMaxSteps { get; set; } = "";
    public ExactSpectrumMode Exact { get; set; }
    public string LanczosBottomK { get; set; } = "";
    public bool Decomposition { get; set; }
    public bool Density { get; set; }
    public bool Trace { get; set; }
    /// <summary>Empty: analyse at init and end only.</summary>
    public string EveryEpochs { get; set; } = "";
    public ModelDtype Dtype { get; set; }
    public LossKind Loss { get; set; }

    /// <summary>What the form does not show (e.g. the Lanczos tolerance) comes from here unchanged.</summary>
    ExperimentSpec basis = new();

    public static SpecForm From(ExperimentSpec spec) => new()
    {
        basis = spec,
        Name = spec.Name,
        DataKind = spec.Data.Kind,
        Generator = spec.Data.Generator,
        Classes = Text(spec.Data.Classes),
        InputDim = Text(spec.Data.InputDim),
        TrainSize = Text(spec.Data.TrainSize),
        TestSize = Text(spec.Data.TestSize),
        ClusterStd = Text(spec.Data.ClusterStd),
        DataSeed = Text(spec.Data.Seed),
        ClustersPerClass = Text(spec.Data.ClustersPerClass),
        Separation = spec.Data.Separation is { } separation ? Text(separation) : "",
        Noise = Text(spec.Data.Noise),
        Factor = Text(spec.Data.Factor),
        PerClass = spec.Data.PerClass is { } perClass ? Text(perClass) : "",
        ClassList = spec.Data.ClassList is { } classes ? string.Join(", ", classes) : "",
        Directory = spec.Data.Directory ?? "",
        Standardise = spec.Data.Standardise,
        HiddenWidths = string.Join(", ", spec.Model.HiddenWidths),
        Activation = spec.Model.Activation,
        InitStd = Text(spec.Model.InitStd),
        ModelSeed = Text(spec.Model.Seed),
        ModelKind = spec.Model.Kind,
        ConvChannels = string.Join(", ", spec.Model.ConvChannels),
        KernelSize = Text(spec.Model.KernelSize),
        Pool = Text(spec.Model.Pool),
        Bias = spec.Model.Bias,
        Init = spec.Model.Init,
        LearningRate = Text(spec.Training.LearningRate),
        FullBatch = spec.Training.BatchSize is null,
        BatchSize = Text(spec.Training.BatchSize ?? Math.Min(32, spec.Data.TrainSize)),
        Epochs = Text(spec.Training.Epochs),
        GradNormTolerance = Text(spec.Training.GradNormTolerance),
        TrainingSeed = Text(spec.Training.Seed),
        Optimizer = spec.Training.Optimizer,
        Momentum = Text(spec.Training.Momentum),
        WeightDecay = Text(spec.Training.WeightDecay),
        Schedule = spec.Training.Schedule,
        StepEvery = Text(spec.Training.StepEvery),
        StepFactor = Text(spec.Training.StepFactor),
        LossTolerance = Text(spec.Training.LossTolerance),
        LanczosK = Text(spec.Analysis.LanczosK),
        LanczosMaxSteps = Text(spec.Analysis.LanczosMaxSteps),
        Exact = spec.Analysis.Exact,
        LanczosBottomK = Text(spec.Analysis.LanczosBottomK),
        Decomposition = spec.Analysis.Decomposition,
        Density = spec.Analysis.Density.Enabled,
        Trace = spec.Analysis.Trace.Enabled,
        EveryEpochs = spec.Analysis.EveryEpochs is { } every ? Text(every) : "",
        Dtype = spec.Model.Dtype,
        Loss = spec.Model.Loss,
    };

    public SpecDraft Build()
    {
        var unparsed = new Dictionary<string, string[]>();
        int Int(string text, int fallback, string key)
        {
            if (int.TryParse(text.Trim(), NumberStyles.Integer | NumberStyles.AllowThousands, Invariant, out var v)) return v;
            unparsed[key] = [text.Trim().Length == 0 ? "Enter a whole number." : $"'{text.Trim()}' is not a whole number."];
            return fallback;
        }
        double Real(string text, double fallback, string key)
        {
            if (double.TryParse(text.Trim(), NumberStyles.Float, Invariant, out var v)) return v;
            unparsed[key] = [text.Trim().Length == 0 ? "Enter a number, e.g. 0.1 or 1e-4." : $"'{text.Trim()}' is not a number (e.g. 0.1 or 1e-4)."];
            return fallback;
        }

        var b = basis;
        var widths = ParseWidths(HiddenWidths);
        if (widths is null) unparsed[Keys.HiddenWidths] = ["Give whole numbers separated by commas, e.g. 10, 5 (leave empty for a linear model)."];
        // As with the data sets' fields: what only a CNN shows is read only for a CNN, and kept as it came otherwise.
        var cnn = ModelKind == ModelKind.Cnn;
        var channels = cnn ? ParseWidths(ConvChannels) : b.Model.ConvChannels;
        if (channels is null) unparsed[Keys.ConvChannels] = ["Give whole numbers separated by commas, e.g. 6, 16."];

        // A field the chosen data set does not show keeps the value it came with: the data set ignores it, and
        // what was typed there neither blocks the run nor is lost (it is back when that data set is chosen again).
        var blobs = DataKind == DataKind.Blobs;
        var image = SpecLimits.IsImageSet(DataKind);
        var twoD = DataKind is DataKind.Moons or DataKind.Circles;
        int[]? classList = b.Data.ClassList;
        if (image)
        {
            classList = ClassList.Trim().Length == 0 ? null : ParseWidths(ClassList);
            if (classList is null && ClassList.Trim().Length > 0)
            {
                unparsed[Keys.ClassList] = [$"Give class numbers 0 to {SpecLimits.ImageClasses - 1} separated by commas, e.g. 3, 5 (leave empty for all ten)."];
                classList = b.Data.ClassList;
            }
        }

        var spec = b with
        {
            Name = Name.Trim(),
            Data = b.Data with
            {
                Kind = DataKind,
                Generator = blobs ? Generator : b.Data.Generator,
                Classes = blobs ? Int(Classes, b.Data.Classes, Keys.Classes) : b.Data.Classes,
                InputDim = blobs ? Int(InputDim, b.Data.InputDim, Keys.InputDim) : b.Data.InputDim,
                TrainSize = image ? b.Data.TrainSize : Int(TrainSize, b.Data.TrainSize, Keys.TrainSize),
                TestSize = image ? b.Data.TestSize : Int(TestSize, b.Data.TestSize, Keys.TestSize),
                ClusterStd = blobs ? Real(ClusterStd, b.Data.ClusterStd, Keys.ClusterStd) : b.Data.ClusterStd,
                Seed = image ? b.Data.Seed : Int(DataSeed, b.Data.Seed, Keys.DataSeed),
                ClustersPerClass = blobs ? Int(ClustersPerClass, b.Data.ClustersPerClass, Keys.ClustersPerClass) : b.Data.ClustersPerClass,
                Separation = !blobs ? b.Data.Separation
                    : Separation.Trim().Length == 0 ? null : Real(Separation, b.Data.Separation ?? 1, Keys.Separation),
                Noise = twoD ? Real(Noise, b.Data.Noise, Keys.Noise) : b.Data.Noise,
                Factor = DataKind == DataKind.Circles ? Real(Factor, b.Data.Factor, Keys.Factor) : b.Data.Factor,
                PerClass = !image ? b.Data.PerClass
                    : PerClass.Trim().Length == 0 ? null : Int(PerClass, b.Data.PerClass ?? 1, Keys.PerClass),
                ClassList = classList,
                Directory = !image ? b.Data.Directory : Directory.Trim().Length == 0 ? null : Directory.Trim(),
                Standardise = Standardise,
            },
            Model = b.Model with
            {
                HiddenWidths = widths ?? b.Model.HiddenWidths,
                Activation = Activation,
                InitStd = Init == InitKind.Normal ? Real(InitStd, b.Model.InitStd, Keys.InitStd) : b.Model.InitStd,
                Seed = Int(ModelSeed, b.Model.Seed, Keys.ModelSeed),
                Kind = ModelKind,
                ConvChannels = channels ?? b.Model.ConvChannels,
                KernelSize = cnn ? Int(KernelSize, b.Model.KernelSize, Keys.KernelSize) : b.Model.KernelSize,
                Pool = cnn ? Int(Pool, b.Model.Pool, Keys.Pool) : b.Model.Pool,
                Bias = Bias,
                Init = Init,
                Dtype = Dtype,
                Loss = Loss,
            },
            Training = b.Training with
            {
                LearningRate = Real(LearningRate, b.Training.LearningRate, Keys.LearningRate),
                BatchSize = FullBatch ? null : Int(BatchSize, b.Training.BatchSize ?? 1, Keys.BatchSize),
                Epochs = Int(Epochs, b.Training.Epochs, Keys.Epochs),
                GradNormTolerance = Real(GradNormTolerance, b.Training.GradNormTolerance, Keys.GradNormTolerance),
                Seed = Int(TrainingSeed, b.Training.Seed, Keys.TrainingSeed),
                Optimizer = Optimizer,
                Momentum = Optimizer == OptimizerKind.Sgd ? Real(Momentum, b.Training.Momentum, Keys.Momentum) : b.Training.Momentum,
                WeightDecay = Real(WeightDecay, b.Training.WeightDecay, Keys.WeightDecay),
                Schedule = Schedule,
                StepEvery = Schedule == LearningRateSchedule.Step ? Int(StepEvery, b.Training.StepEvery, Keys.StepEvery) : b.Training.StepEvery,
                StepFactor = Schedule == LearningRateSchedule.Step ? Real(StepFactor, b.Training.StepFactor, Keys.StepFactor) : b.Training.StepFactor,
                LossTolerance = Real(LossTolerance, b.Training.LossTolerance, Keys.LossTolerance),
            },
            Analysis = b.Analysis with
            {
                LanczosK = Int(LanczosK, b.Analysis.LanczosK, Keys.LanczosK),
                LanczosMaxSteps = Int(LanczosMaxSteps, b.Analysis.LanczosMaxSteps, Keys.LanczosMaxSteps),
                Exact = Exact,
                LanczosBottomK = Int(LanczosBottomK, b.Analysis.LanczosBottomK, Keys.LanczosBottomK),
                Decomposition = Decomposition,
                Density = b.Analysis.Density with { Enabled = Density },
                Trace = b.Analysis.Trace with { Enabled = Trace },
                EveryEpochs = EveryEpochs.Trim().Length == 0 ? null : Int(EveryEpochs, 1, Keys.EveryEpochs),
            },
        };

        // The validator judged the stand-in value of a field that did not parse: its word there is moot.
        var errors = SpecValidator.Validate(spec)
            .Where(e => !unparsed.ContainsKey(e.Key))
            .Concat(unparsed)
            .ToDictionary(e => e.Key, e => e.Value);
        var shapeKnown = !unparsed.ContainsKey(Keys.Classes) && !unparsed.ContainsKey(Keys.InputDim)
            && !unparsed.ContainsKey(Keys.ClassList) && widths is not null
            && (!cnn || (!unparsed.ContainsKey(Keys.ConvChannels) && !unparsed.ContainsKey(Keys.KernelSize) && !unparsed.ContainsKey(Keys.Pool)
                && spec.Model.ConvChannels.All(c => c >= 1) && SpecLimits.ConvFeatures(spec.Model, spec.Data) is not null));
        return new SpecDraft(spec, errors, shapeKnown);
    }

    /// <summary>"10, 5" → [10, 5]; "" → [] (a linear model); null when a piece is not a whole number.</summary>
    public static int[]? ParseWidths(string text)
    {
        var pieces = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var widths = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
            if (!int.TryParse(pieces[i], NumberStyles.Integer, Invariant, out widths[i])) return null;
        return widths;
    }

    static string Text(int value) => value.ToString(Invariant);
    static string Text(double value) => value.ToString("R", Invariant);

    /// <summary>The validator's field keys (JSON paths), one per form field.</summary>
    public static class Keys
    {
        public const string Name = "name";
        public const string Classes = "data.classes";
        public const string InputDim = "data.inputDim";
        public const string TrainSize = "data.trainSize";
        public const string TestSize = "data.testSize";
        public const string ClusterStd = "data.clusterStd";
        public const string DataSeed = "data.seed";
        public const string HiddenWidths = "model.hiddenWidths";
        public const string Activation = "model.activation";
        public const string InitStd = "model.initStd";
        public const string ModelSeed = "model.seed";
        public const string LearningRate = "training.learningRate";
        public const string BatchSize = "training.batchSize";
        public const string Epochs = "training.epochs";
        public const string GradNormTolerance = "training.gradNormTolerance";
        public const string TrainingSeed = "training.seed";
        public const string LanczosK = "analysis.lanczosK";
        public const string LanczosMaxSteps = "analysis.lanczosMaxSteps";
        public const string Exact = "analysis.exact";
        public const string LanczosBottomK = "analysis.lanczosBottomK";
        public const string EveryEpochs = "analysis.everyEpochs";
        public const string Dtype = "model.dtype";
        public const string Loss = "model.loss";
        public const string DataKind = "data.kind";
        public const string Generator = "data.generator";
        public const string ClustersPerClass = "data.clustersPerClass";
        public const string Separation = "data.separation";
        public const string Noise = "data.noise";
        public const string Factor = "data.factor";
        public const string PerClass = "data.perClass";
        public const string ClassList = "data.classList";
        public const string Directory = "data.directory";
        public const string ModelKind = "model.kind";
        public const string ConvChannels = "model.convChannels";
        public const string KernelSize = "model.kernelSize";
        public const string Pool = "model.pool";
        public const string Bias = "model.bias";
        public const string Init = "model.init";
        public const string Optimizer = "training.optimizer";
        public const string Momentum = "training.momentum";
        public const string WeightDecay = "training.weightDecay";
        public const string Schedule = "training.schedule";
        public const string StepEvery = "training.stepEvery";
        public const string StepFactor = "training.stepFactor";
        public const string LossTolerance = "training.lossTolerance";

        public static IReadOnlySet<string> All { get; } = new HashSet<string>
        {
            Name, Classes, InputDim, TrainSize, TestSize, ClusterStd, DataSeed, HiddenWidths, Activation, InitStd, ModelSeed,
            LearningRate, BatchSize, Epochs, GradNormTolerance, TrainingSeed, LanczosK, LanczosMaxSteps, Exact,
            LanczosBottomK, EveryEpochs, Dtype, Loss, DataKind, Generator, ClustersPerClass, Separation, Noise, Factor, PerClass,
            ClassList, Directory, ModelKind, ConvChannels, KernelSize, Pool, Bias, Init, Optimizer, Momentum, WeightDecay,
            Schedule, StepEvery, StepFactor, LossTolerance,
        };
    }
}

/// <summary>The spec the form describes now, what is wrong with it, and whether its shape (hence M) is known.</summary>
public sealed record SpecDraft(ExperimentSpec Spec, IReadOnlyDictionary<string, string[]> Errors, bool ShapeKnown)
{
    public bool IsValid => Errors.Count == 0;

    public string? Message(string key) => Errors.TryGetValue(key, out var m) ? string.Join(" ", m) : null;

    /// <summary>Errors no field shows (e.g. a setting the form does not expose), so none goes unsaid.</summary>
    public IEnumerable<string> Unplaced => Errors.Where(e => !SpecForm.Keys.All.Contains(e.Key)).SelectMany(e => e.Value);
}
