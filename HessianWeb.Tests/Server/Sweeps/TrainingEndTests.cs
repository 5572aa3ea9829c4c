using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Server.Sweeps;

/// <summary>Converged against the spec's tolerance, and 2/η only where the run is plain full-batch gradient descent.</summary>
public sealed class TrainingEndTests
{
    static EpochMetrics Last(double gradNorm) => new(100, 0.1, 1, null, null, gradNorm);

    [Fact]
    public void Full_batch_constant_rate_descent_has_the_limit_two_over_eta()
    {
        var end = TrainingEnd.Of(new ExperimentSpec(), Last(5e-5))!;
        Assert.True(end.Converged);
        Assert.Equal(20, end.StabilityLimit!.Value, 12);
        Assert.False(TrainingEnd.Of(new ExperimentSpec(), Last(2e-4))!.Converged);
        Assert.False(TrainingEnd.Of(new ExperimentSpec { Training = new TrainingSpec { GradNormTolerance = 0 } }, Last(0))!.Converged);
    }

    [Fact]
    public void Mini_batches_momentum_or_a_schedule_have_no_such_limit()
    {
        Assert.Null(TrainingEnd.Of(new ExperimentSpec { Training = new TrainingSpec { BatchSize = 10 } }, Last(1))!.StabilityLimit);
        Assert.Null(TrainingEnd.Of(new ExperimentSpec { Training = new TrainingSpec { Momentum = 0.9 } }, Last(1))!.StabilityLimit);
        Assert.Null(TrainingEnd.Of(new ExperimentSpec { Training = new TrainingSpec { Schedule = LearningRateSchedule.Cosine } }, Last(1))!.StabilityLimit);
        Assert.Null(TrainingEnd.Of(new ExperimentSpec(), null));
    }
}
