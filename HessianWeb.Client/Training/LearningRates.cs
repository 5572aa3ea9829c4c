using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Training;

/// <summary>The learning-rate schedules, per epoch (<see cref="LearningRateSchedule"/>).</summary>
public static class LearningRates
{
    /// <summary>
    /// The learning rate of every step in epoch <paramref name="completedEpochs"/> + 1, that is the steps taken after
    /// <paramref name="completedEpochs"/> epochs: Constant η; Step η·factor^⌊e/stepEvery⌋; Cosine η·(1 + cos(π·e/epochs))/2.
    /// </summary>
    public static double At(TrainingSpec spec, int completedEpochs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(completedEpochs);
        return spec.Schedule switch
        {
            LearningRateSchedule.Constant => spec.LearningRate,
            LearningRateSchedule.Step => spec.LearningRate * Math.Pow(spec.StepFactor, completedEpochs / spec.StepEvery),
            LearningRateSchedule.Cosine => spec.Epochs <= 0
                ? spec.LearningRate
                : spec.LearningRate * (1 + Math.Cos(Math.PI * Math.Min(completedEpochs, spec.Epochs) / spec.Epochs)) / 2,
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown schedule {spec.Schedule}."),
        };
    }
}
