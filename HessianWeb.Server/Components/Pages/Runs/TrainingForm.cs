using HessianWeb.Shared.Specs;
using static HessianWeb.Server.Components.Pages.Runs.FieldParser;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>The form's training section as typed; a setting the chosen optimizer or schedule does not use is kept as it came.</summary>
public sealed class TrainingForm
{
    public OptimizerKind Optimizer { get; set; }
    public string LearningRate { get; set; } = "";
    public bool FullBatch { get; set; }
    public string BatchSize { get; set; } = "";
    public string Epochs { get; set; } = "";
    public string GradNormTolerance { get; set; } = "";
    public string Seed { get; set; } = "";
    public string Momentum { get; set; } = "";
    public string WeightDecay { get; set; } = "";
    public LearningRateSchedule Schedule { get; set; }
    public string StepEvery { get; set; } = "";
    public string StepFactor { get; set; } = "";
    /// <summary>0: train until the other rules stop it.</summary>
    public string LossTolerance { get; set; } = "";

    /// <summary>The fields whose errors this section shows.</summary>
    internal static readonly string[] Shown =
    [
        SpecFields.Training.Optimizer, SpecFields.Training.LearningRate, SpecFields.Training.BatchSize, SpecFields.Training.Epochs,
        SpecFields.Training.GradNormTolerance, SpecFields.Training.Seed, SpecFields.Training.Momentum, SpecFields.Training.WeightDecay,
        SpecFields.Training.Schedule, SpecFields.Training.StepEvery, SpecFields.Training.StepFactor, SpecFields.Training.LossTolerance,
    ];

    /// <summary>A full-batch spec's batch-size field starts at a mini-batch of 32 (or the training size if smaller).</summary>
    internal static TrainingForm From(TrainingSpec training, DataSpec data) => new()
    {
        Optimizer = training.Optimizer,
        LearningRate = Text(training.LearningRate),
        FullBatch = training.BatchSize is null,
        BatchSize = Text(training.BatchSize ?? Math.Min(32, data.TrainSize)),
        Epochs = Text(training.Epochs),
        GradNormTolerance = Text(training.GradNormTolerance),
        Seed = Text(training.Seed),
        Momentum = Text(training.Momentum),
        WeightDecay = Text(training.WeightDecay),
        Schedule = training.Schedule,
        StepEvery = Text(training.StepEvery),
        StepFactor = Text(training.StepFactor),
        LossTolerance = Text(training.LossTolerance),
    };

    internal TrainingSpec Build(TrainingSpec b, FieldParser parse)
    {
        var step = Schedule == LearningRateSchedule.Step;
        return b with
        {
            LearningRate = parse.Real(LearningRate, b.LearningRate, SpecFields.Training.LearningRate),
            BatchSize = FullBatch ? null : parse.Int(BatchSize, b.BatchSize ?? 1, SpecFields.Training.BatchSize),
            Epochs = parse.Int(Epochs, b.Epochs, SpecFields.Training.Epochs),
            GradNormTolerance = parse.Real(GradNormTolerance, b.GradNormTolerance, SpecFields.Training.GradNormTolerance),
            Seed = parse.Int(Seed, b.Seed, SpecFields.Training.Seed),
            Optimizer = Optimizer,
            Momentum = Optimizer == OptimizerKind.Sgd ? parse.Real(Momentum, b.Momentum, SpecFields.Training.Momentum) : b.Momentum,
            WeightDecay = parse.Real(WeightDecay, b.WeightDecay, SpecFields.Training.WeightDecay),
            Schedule = Schedule,
            StepEvery = step ? parse.Int(StepEvery, b.StepEvery, SpecFields.Training.StepEvery) : b.StepEvery,
            StepFactor = step ? parse.Real(StepFactor, b.StepFactor, SpecFields.Training.StepFactor) : b.StepFactor,
            LossTolerance = parse.Real(LossTolerance, b.LossTolerance, SpecFields.Training.LossTolerance),
        };
    }
}
