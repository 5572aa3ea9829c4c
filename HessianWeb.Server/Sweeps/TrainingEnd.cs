using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Sweeps;

/// <summary>
/// Where a run's training stopped: its last gradient norm against the spec's tolerance, and, for plain full-batch
/// gradient descent at a constant learning rate η, the stability limit 2/η: gradient descent on a quadratic with
/// curvature λ diverges once λ &gt; 2/η, and in practice full-batch GD drives λ₁ up to about 2/η and hovers there
/// without settling (the edge of stability; Cohen et al. 2021, docs/paper.md "Later work"), so the gradient norm stays large.
/// </summary>
/// <param name="GradNorm">‖∇L‖ at the last epoch recorded.</param>
/// <param name="Converged">‖∇L‖ reached the spec's tolerance (false when the tolerance is 0, i.e. off).</param>
/// <param name="StabilityLimit">2/η for single-phase full-batch constant-rate SGD without momentum; null otherwise.</param>
public sealed record TrainingEnd(double GradNorm, bool Converged, double? StabilityLimit)
{
    /// <summary>λ₁ at or above this share of 2/η counts as at the edge of stability.</summary>
    public const double EdgeShare = 0.9;

    /// <summary>λ₁ at the end is within (1 − <see cref="EdgeShare"/>) of 2/η or above it; false without a limit or a λ₁.</summary>
    public bool AtEdgeOfStability(double? topEigenvalue) => StabilityLimit is { } limit && topEigenvalue >= EdgeShare * limit;

    public static TrainingEnd? Of(ExperimentSpec spec, EpochMetrics? last)
    {
        if (last is null) return null;
        var t = spec.Training;
        var plainGradientDescent = t is { Optimizer: OptimizerKind.Sgd, BatchSize: null, Momentum: 0, Schedule: LearningRateSchedule.Constant }
            && (t.Phases is null || t.Phases.Length == 0) && t.LearningRate > 0;
        return new TrainingEnd(last.GradNorm, t.GradNormTolerance > 0 && last.GradNorm <= t.GradNormTolerance,
            plainGradientDescent ? 2 / t.LearningRate : null);
    }
}
