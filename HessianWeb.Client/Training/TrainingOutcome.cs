namespace HessianWeb.Client.Training;

public enum TrainingOutcome
{
    /// <summary>‖∇L‖ fell to the spec's tolerance (the authors' stopping rule).</summary>
    GradientBelowTolerance,
    /// <summary>The spec's number of epochs ran out first.</summary>
    EpochLimitReached,
    /// <summary>The training loss fell to the spec's loss tolerance.</summary>
    LossBelowTolerance,
}
