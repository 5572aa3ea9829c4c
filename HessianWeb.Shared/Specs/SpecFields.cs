namespace HessianWeb.Shared.Specs;

/// <summary>
/// Every spec field's JSON path (<c>data.classes</c>), written once: the validator's error keys and the new-run form's
/// fields both come from here, and SpecFieldsTests holds it to the spec's properties. One nested class per spec record,
/// its <c>Section</c> the record's own path. A list of records has its path in its parent's class and its element's
/// fields, relative to the element, in a class of their own (<see cref="Phase"/>, <see cref="Interpolation"/>).
/// Each class holds one constant per property of its record, so it has as many members as the record has properties.
/// </summary>
public static class SpecFields
{
    public const string Name = "name";
    public const string Device = "device";

    public static class Data
    {
        public const string Section = "data";
        public const string Kind = "data.kind";
        public const string Generator = "data.generator";
        public const string Classes = "data.classes";
        public const string InputDim = "data.inputDim";
        public const string TrainSize = "data.trainSize";
        public const string TestSize = "data.testSize";
        public const string ClusterStd = "data.clusterStd";
        public const string Seed = "data.seed";
        public const string ClustersPerClass = "data.clustersPerClass";
        public const string Separation = "data.separation";
        public const string Noise = "data.noise";
        public const string Factor = "data.factor";
        public const string Directory = "data.directory";
        public const string PerClass = "data.perClass";
        public const string ClassList = "data.classList";
        public const string Standardise = "data.standardise";
        public const string File = "data.file";
    }

    public static class Model
    {
        public const string Section = "model";
        public const string Kind = "model.kind";
        public const string HiddenWidths = "model.hiddenWidths";
        public const string Activation = "model.activation";
        public const string InitStd = "model.initStd";
        public const string Bias = "model.bias";
        public const string Init = "model.init";
        public const string Seed = "model.seed";
        public const string Dtype = "model.dtype";
        public const string Loss = "model.loss";
        public const string ConvChannels = "model.convChannels";
        public const string KernelSize = "model.kernelSize";
        public const string Pool = "model.pool";
        public const string File = "model.file";
        public const string Weights = "model.weights";
        public const string ParameterCount = "model.parameterCount";
    }

    public static class Training
    {
        public const string Section = "training";
        public const string Optimizer = "training.optimizer";
        public const string LearningRate = "training.learningRate";
        public const string BatchSize = "training.batchSize";
        public const string Epochs = "training.epochs";
        public const string GradNormTolerance = "training.gradNormTolerance";
        public const string Seed = "training.seed";
        public const string Momentum = "training.momentum";
        public const string WeightDecay = "training.weightDecay";
        public const string Schedule = "training.schedule";
        public const string StepEvery = "training.stepEvery";
        public const string StepFactor = "training.stepFactor";
        public const string LossTolerance = "training.lossTolerance";
        public const string TestEvery = "training.testEvery";
        public const string AdamBeta1 = "training.adamBeta1";
        public const string AdamBeta2 = "training.adamBeta2";
        public const string AdamEpsilon = "training.adamEpsilon";
        public const string Phases = "training.phases";
    }

    /// <summary>A phase's fields, relative to the phase; <see cref="At(int, string)"/> gives the full path.</summary>
    public static class Phase
    {
        public const string Name = "name";
        public const string Optimizer = "optimizer";
        public const string LearningRate = "learningRate";
        public const string BatchSize = "batchSize";
        public const string FullBatch = "fullBatch";
        public const string Epochs = "epochs";
        public const string GradNormTolerance = "gradNormTolerance";
        public const string Seed = "seed";
        public const string Momentum = "momentum";
        public const string WeightDecay = "weightDecay";
        public const string Schedule = "schedule";
        public const string StepEvery = "stepEvery";
        public const string StepFactor = "stepFactor";
        public const string LossTolerance = "lossTolerance";
        public const string AdamBeta1 = "adamBeta1";
        public const string AdamBeta2 = "adamBeta2";
        public const string AdamEpsilon = "adamEpsilon";

        /// <summary>"training.phases[1]".</summary>
        public static string At(int index) => $"{Training.Phases}[{index}]";

        /// <summary>"training.phases[1].batchSize".</summary>
        public static string At(int index, string field) => $"{At(index)}.{field}";
    }

    public static class Analysis
    {
        public const string Section = "analysis";
        public const string LanczosK = "analysis.lanczosK";
        public const string LanczosBottomK = "analysis.lanczosBottomK";
        public const string LanczosMaxSteps = "analysis.lanczosMaxSteps";
        public const string LanczosTolerance = "analysis.lanczosTolerance";
        public const string Reorthogonalisation = "analysis.reorthogonalisation";
        public const string SaveTopVectors = "analysis.saveTopVectors";
        public const string Exact = "analysis.exact";
        public const string ExactLimit = "analysis.exactLimit";
        public const string Decomposition = "analysis.decomposition";
        public const string EveryEpochs = "analysis.everyEpochs";
        public const string Seed = "analysis.seed";
        public const string Interpolations = "analysis.interpolations";
    }

    public static class Density
    {
        public const string Section = "analysis.density";
        public const string Enabled = "analysis.density.enabled";
        public const string Probes = "analysis.density.probes";
        public const string Steps = "analysis.density.steps";
        public const string Distribution = "analysis.density.distribution";
        public const string Width = "analysis.density.width";
        public const string RelativeWidth = "analysis.density.relativeWidth";
        public const string GridPoints = "analysis.density.gridPoints";
    }

    public static class Trace
    {
        public const string Section = "analysis.trace";
        public const string Enabled = "analysis.trace.enabled";
        public const string HutchinsonProbes = "analysis.trace.hutchinsonProbes";
        public const string HutchPlusPlusProducts = "analysis.trace.hutchPlusPlusProducts";
    }

    public static class Sample
    {
        public const string Section = "analysis.sample";
        public const string Size = "analysis.sample.size";
        public const string BatchSize = "analysis.sample.batchSize";
        public const string Seed = "analysis.sample.seed";
    }

    /// <summary>An interpolation's fields, relative to it (the API's interpolation request uses them bare).</summary>
    public static class Interpolation
    {
        public const string From = "from";
        public const string To = "to";
        public const string Points = "points";
        public const string AlphaMin = "alphaMin";
        public const string AlphaMax = "alphaMax";
        public const string TopEigenvalue = "topEigenvalue";

        /// <summary>"analysis.interpolations[0]".</summary>
        public static string At(int index) => $"{Analysis.Interpolations}[{index}]";
    }
}
