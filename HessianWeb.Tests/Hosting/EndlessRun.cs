using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A run that trains far longer than any test waits: the quickstart's network on 1,000 points for the most epochs a spec
/// may ask. On 100 points the managed engine takes 1,000,000 steps in under a minute, so a 30 s network cut could see the
/// run finish; on 1,000 it needs minutes, and one bucketed epoch event (⌈10⁶ / 2,000⌉ = 500 epochs) still arrives every
/// fraction of a second, so tests that wait for a few more events do not wait long.
/// </summary>
internal static class EndlessRun
{
    public static ExperimentSpec Spec => new()
    {
        Name = "endless",
        Data = new DataSpec { TrainSize = 1_000 },
        Training = new TrainingSpec { Epochs = SpecLimits.MaxEpochs, GradNormTolerance = 0 },
    };
}
