namespace HessianWeb.Client.Training;

/// <summary>The training loss became NaN or infinite; the run ends Diverged.</summary>
public sealed class TrainingDivergedException(int epoch)
    : Exception($"Loss became non-finite at epoch {epoch}")
{
    public int Epoch { get; } = epoch;
}
