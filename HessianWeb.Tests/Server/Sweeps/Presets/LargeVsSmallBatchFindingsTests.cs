using HessianWeb.Server.Sweeps.Presets;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Sweeps.Presets;

/// <summary>Preset 4's measures (the SB phase's climb, the line's barrier) and its words, on numbers made up to have known answers.</summary>
public sealed class LargeVsSmallBatchFindingsTests
{
    /// <summary>LB epochs 0 … n−1 with <paramref name="lb"/>'s losses, then SB reporting its epoch 0 at the same weights and going on.</summary>
    static List<EpochMetrics> Curve(double[] lb, double[] sb)
    {
        var epochs = lb.Select((loss, i) => new EpochMetrics(i, loss, 0.9, null, null, 0.1, "lb")).ToList();
        var start = lb.Length - 1;
        epochs.AddRange(sb.Select((loss, i) => new EpochMetrics(start + i, loss, 0.9, null, null, 0.1, "sb")));
        return epochs;
    }

    /// <summary>α = −0.5, 0, 0.5, 1, 1.5 (InterpolationSpec's grid for 5 points) with these training losses and accuracies.</summary>
    static List<InterpolationPoint> Line(double[] train, double[] accuracy, double[]? test = null) =>
        train.Select((loss, i) => new InterpolationPoint("lb:end→end", i, 5, -0.5 + 0.5 * i, loss, accuracy[i], test?[i], test is null ? null : 0.5)).ToList();

    static LargeVsSmallBatchRun Run(string label, double[] lb, double[] sb, double? lbTop, double? sbTop, List<InterpolationPoint>? line = null) =>
        new(label, "lb", "sb", Curve(lb, sb), 0.3, lbTop, sbTop, line ?? []);

    [Fact]
    public void The_climb_is_measured_from_the_LB_solution_to_the_SB_phase_peak_and_end()
    {
        var run = Run("seed = 0", [1.0, 0.5, 0.2], [0.2, 0.3, 0.5, 0.25, 0.15], 3, 1);

        Assert.Equal(2, run.Switch);
        Assert.Equal(new SmallBatchClimb(0.2, 0.5, 2, 0.15), run.Climb);
        Assert.Equal(2.5, run.Climb!.PeakRatio, 1e-12);
        Assert.Equal(0.75, run.Climb.EndRatio, 1e-12);
        // The switch's two reports (LB's last epoch and SB's epoch 0) are one point of the curve.
        Assert.Equal([(0.0, 1.0), (1.0, 0.5), (2.0, 0.2), (3.0, 0.3), (4.0, 0.5), (5.0, 0.25), (6.0, 0.15)], run.TrainingLoss);
    }

    [Fact]
    public void The_barrier_is_the_rise_between_the_ends_above_the_higher_one_and_ignores_the_extrapolated_points()
    {
        // Beyond the ends (α = −0.5 and 1.5) the loss is far higher: that is outside the segment, not a barrier.
        var line = Line([0.9, 0.4, 0.42, 0.3, 0.7], [0.5, 0.85, 0.8, 0.88, 0.6], test: [1.1, 0.5, 0.52, 0.4, 0.8]);
        var barrier = Run("seed = 1", [1, 0.4], [0.4, 0.3], 2, 1, line).Barrier!;

        Assert.Equal(0.02, barrier.TrainRise, 1e-12);
        Assert.Equal(0.4, barrier.TrainHigherEnd);
        Assert.Equal(0.05, barrier.RelativeTrainRise, 1e-12);
        Assert.Equal(0.02, barrier.TestRise!.Value, 1e-12);
        Assert.Equal(0.5, barrier.TestHigherEnd);
        Assert.Equal(0.05, barrier.AccuracyDip, 1e-12);

        var valley = Run("seed = 2", [1, 0.4], [0.4, 0.3], 2, 1, Line([0.9, 0.2, 0.19, 0.15, 0.5], [0.5, 0.9, 0.9, 0.92, 0.6])).Barrier!;
        Assert.Equal(0, valley.TrainRise);
        Assert.Null(valley.TestRise);
        Assert.Equal(0, valley.AccuracyDip);
    }

    [Fact]
    public void A_line_without_points_at_both_ends_has_no_barrier_and_a_phase_without_epochs_no_climb()
    {
        var run = Run("seed = 0", [1, 0.4], [0.4], 2, 1, Line([0.9, 0.2, 0.19, 0.15, 0.5], [0.5, 0.9, 0.9, 0.92, 0.6]).Take(3).ToList());
        Assert.Null(run.Barrier);
        Assert.Null(run.Climb); // only the SB phase's epoch 0
        Assert.Equal(PresetFindings.NothingYet, LargeVsSmallBatchFindings.Measured([run with { LargeTop = null }]));
    }

    [Fact]
    public void Words_say_what_the_seeds_showed_including_where_they_disagree_with_the_paper()
    {
        var runs = new[]
        {
            Run("seed = 0", [1.0, 0.5, 0.2], [0.2, 0.3, 0.5, 0.25, 0.15], 3, 1, Line([0.9, 0.2, 0.19, 0.15, 0.5], [0.5, 0.9, 0.9, 0.92, 0.6])),
            Run("seed = 1", [1.0, 0.7, 0.4], [0.4, 0.6, 0.5, 0.45, 0.3], 2, 2.5, Line([0.9, 0.4, 0.42, 0.3, 0.7], [0.5, 0.85, 0.8, 0.88, 0.6])),
        };

        var text = LargeVsSmallBatchFindings.Measured(runs);

        Assert.Contains("λ₁ LB = 2.5 > λ₁ SB = 1.75 (means over 2 seeds); LB's was the larger in 1 of 2.", text);
        // Peaks 2.5× and 1.5× their starts (0.2, 0.4) at +2 and +1; ends 0.75× both.
        Assert.Contains("The SB phase's training loss rose in 2 of 2 seeds to 2× its start (from 0.3 to 0.55, means) by epoch 1 … 2 after the switch, "
            + "then fell to 0.75× its start by the end.", text);
        Assert.Contains("the largest barrier in training loss over 2 seeds was 0.02 above the higher end (5 % of it)", text);
        Assert.Contains("the training accuracy dipped at most 5 points below the lower end", text);
        Assert.Contains("A barrier above 1 % of the loss in 1 of 2 seeds: these solutions are not shown to share one basin.", text);
    }

    [Fact]
    public void Words_for_a_sweep_that_shows_the_paper_and_for_one_that_shows_nothing_of_it()
    {
        var agrees = Run("seed = 0", [1.0, 0.5, 0.2], [0.2, 0.3, 0.5, 0.25, 0.15], 3, 1, Line([0.9, 0.2, 0.19, 0.15, 0.5], [0.5, 0.9, 0.9, 0.92, 0.6]));
        var text = LargeVsSmallBatchFindings.Measured([agrees]);
        Assert.Contains("λ₁ LB = 3 > λ₁ SB = 1: the LB solution is the sharper.", text);
        Assert.Contains("rose to 2.5× its start (from 0.2 to 0.5) by epoch 2 after the switch, then fell to 0.75× its start by the end.", text);
        Assert.Contains("was 0 above the higher end (0 % of it)", text);
        Assert.Contains("No barrier above 1 %: one basin, as the paper says.", text);

        // Flatter at LB, a loss that only drifts down (never more than 1 % up), a line with a hump.
        var disagrees = Run("seed = 0", [1.0, 0.2], [0.2, 0.201, 0.19], 1, 2, Line([0.9, 0.2, 0.3, 0.19, 0.5], [0.5, 0.9, 0.6, 0.92, 0.6]));
        text = LargeVsSmallBatchFindings.Measured([disagrees]);
        Assert.Contains("λ₁ LB = 1 ≤ λ₁ SB = 2: the LB solution is not the sharper here.", text);
        Assert.Contains("The SB phase's training loss never rose more than 1 % above its start (the LB solution's loss): no climb here.", text);
        Assert.Contains("was 0.1 above the higher end (50 % of it)", text);
        Assert.Contains("dipped at most 30 points below the lower end", text);
        Assert.Contains("A barrier above 1 % of the loss: these solutions are not shown to share one basin.", text);
    }

    [Fact]
    public void A_climb_that_has_not_come_down_by_the_end_is_no_fall()
    {
        var run = Run("seed = 0", [1.0, 0.2], [0.2, 0.3, 0.4], 3, 1);
        Assert.Contains("rose to 2× its start (from 0.2 to 0.4) by epoch 2 after the switch, and had not fallen back more than 1 % by the end (2× its start): no fall yet.",
            LargeVsSmallBatchFindings.Climb([run]));
    }
}
