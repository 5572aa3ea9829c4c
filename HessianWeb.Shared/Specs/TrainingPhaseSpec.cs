namespace HessianWeb.Shared.Specs;

// Why this is large: one property per field of a phase in the spec's JSON (each overrides the base training's);
// the three methods that apply them sit beside the fields they must list.
/// <summary>
/// One phase of a phased run (<see cref="TrainingSpec.Phases"/>): it trains from the previous phase's final weights (the
/// first from the initialisation) with a fresh optimizer state, and each setting it leaves unset is the base
/// <see cref="TrainingSpec"/>'s. The stopping rules and <see cref="Epochs"/> apply to the phase alone; the learning-rate
/// schedule restarts with it. Sagun et al.'s large-batch then small-batch experiment is two phases (docs/paper.md claim 5).
/// </summary>
public sealed record TrainingPhaseSpec
{
    /// <summary>Labels the phase's epochs and checkpoints ("lb:epoch-N", "lb:end"): letters, digits, '-' and '_'.</summary>
    public string Name { get; init; } = "";
    public OptimizerKind? Optimizer { get; init; }
    public double? LearningRate { get; init; }
    /// <summary>A mini-batch size for this phase; see <see cref="FullBatch"/> for full-batch gradient descent.</summary>
    public int? BatchSize { get; init; }
    /// <summary>Full-batch gradient descent in this phase, whatever the base's batch size (an unset batch size inherits it).</summary>
    public bool FullBatch { get; init; }
    public int? Epochs { get; init; }
    public double? GradNormTolerance { get; init; }
    public int? Seed { get; init; }
    public double? Momentum { get; init; }
    public double? WeightDecay { get; init; }
    public LearningRateSchedule? Schedule { get; init; }
    public int? StepEvery { get; init; }
    public double? StepFactor { get; init; }
    public double? LossTolerance { get; init; }
    public double? AdamBeta1 { get; init; }
    public double? AdamBeta2 { get; init; }
    public double? AdamEpsilon { get; init; }

    /// <summary>The base settings with this phase's overrides applied, and no phases of their own.</summary>
    public TrainingSpec ApplyTo(TrainingSpec baseSpec)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        return baseSpec with
        {
            Phases = null,
            Optimizer = Optimizer ?? baseSpec.Optimizer,
            LearningRate = LearningRate ?? baseSpec.LearningRate,
            BatchSize = FullBatch ? null : BatchSize ?? baseSpec.BatchSize,
            Epochs = Epochs ?? baseSpec.Epochs,
            GradNormTolerance = GradNormTolerance ?? baseSpec.GradNormTolerance,
            Seed = Seed ?? baseSpec.Seed,
            Momentum = Momentum ?? baseSpec.Momentum,
            WeightDecay = WeightDecay ?? baseSpec.WeightDecay,
            Schedule = Schedule ?? baseSpec.Schedule,
            StepEvery = StepEvery ?? baseSpec.StepEvery,
            StepFactor = StepFactor ?? baseSpec.StepFactor,
            LossTolerance = LossTolerance ?? baseSpec.LossTolerance,
            AdamBeta1 = AdamBeta1 ?? baseSpec.AdamBeta1,
            AdamBeta2 = AdamBeta2 ?? baseSpec.AdamBeta2,
            AdamEpsilon = AdamEpsilon ?? baseSpec.AdamEpsilon,
        };
    }

    /// <summary>The JSON names of the settings this phase sets (so a bad base value is reported once, at the base).</summary>
    public IReadOnlySet<string> Overridden()
    {
        var set = new HashSet<string>();
        void If(bool isSet, string name) { if (isSet) set.Add(name); }
        If(Optimizer is not null, SpecFields.Phase.Optimizer);
        If(LearningRate is not null, SpecFields.Phase.LearningRate);
        If(BatchSize is not null && !FullBatch, SpecFields.Phase.BatchSize);
        If(Epochs is not null, SpecFields.Phase.Epochs);
        If(GradNormTolerance is not null, SpecFields.Phase.GradNormTolerance);
        If(Seed is not null, SpecFields.Phase.Seed);
        If(Momentum is not null, SpecFields.Phase.Momentum);
        If(WeightDecay is not null, SpecFields.Phase.WeightDecay);
        If(Schedule is not null, SpecFields.Phase.Schedule);
        If(StepEvery is not null, SpecFields.Phase.StepEvery);
        If(StepFactor is not null, SpecFields.Phase.StepFactor);
        If(LossTolerance is not null, SpecFields.Phase.LossTolerance);
        If(AdamBeta1 is not null, SpecFields.Phase.AdamBeta1);
        If(AdamBeta2 is not null, SpecFields.Phase.AdamBeta2);
        If(AdamEpsilon is not null, SpecFields.Phase.AdamEpsilon);
        return set;
    }
}

/// <summary>The phases a training spec runs, in order, each as a complete <see cref="TrainingSpec"/>.</summary>
public static class TrainingPhases
{
    /// <summary>One phase named null (an unphased run) when the spec has none; else each phase applied to the base.</summary>
    public static IReadOnlyList<(string? Name, TrainingSpec Training)> Of(TrainingSpec training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return training.Phases is { Length: > 0 } phases
            ? phases.Select(p => ((string?)p.Name, p.ApplyTo(training))).ToList()
            : [(null, training)];
    }
}
