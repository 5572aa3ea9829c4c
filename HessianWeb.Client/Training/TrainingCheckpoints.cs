namespace HessianWeb.Client.Training;

/// <summary>Where <see cref="TrainingLoop"/> pauses for the caller: every <paramref name="Every"/> epochs, calling <paramref name="Reached"/> with the epoch.</summary>
public sealed record TrainingCheckpoints(int Every, Action<int> Reached)
{
    public int Every { get; } = Every >= 1 ? Every : throw new ArgumentOutOfRangeException(nameof(Every), $"Every {Every} epochs: at least 1.");
}
