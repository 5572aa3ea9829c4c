using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>
/// One run of preset 4 as its panel reads it: the training curve through both phases, λ₁ of H at the initialisation,
/// the large-batch (LB) solution and the small-batch (SB) end, and the loss along the line from the one to the other.
/// </summary>
/// <param name="Label">Which repeat, in words ("seed = 1").</param>
/// <param name="LargePhase">The first phase's name; its end ("lb:end") is the LB solution.</param>
/// <param name="SmallPhase">The last phase's name; its end ("end") is the SB solution.</param>
/// <param name="Epochs">Every epoch's metrics in order; each phase reports its own epoch 0 (<see cref="EpochMetrics.Phase"/>).</param>
/// <param name="Line">The points of the line "LargePhase:end → end", in α order; empty when the run has none.</param>
public sealed record LargeVsSmallBatchRun(
    string Label,
    string LargePhase,
    string SmallPhase,
    IReadOnlyList<EpochMetrics> Epochs,
    double? InitTop,
    double? LargeTop,
    double? SmallTop,
    IReadOnlyList<InterpolationPoint> Line)
{
    /// <summary>The run-wide epoch the SB phase starts at (its epoch 0, at the LB solution); null before it began.</summary>
    public int? Switch => Epochs.FirstOrDefault(e => e.Phase == SmallPhase)?.Epoch;

    /// <summary>The training loss through both phases, one point per epoch (the switch's two reports are the same weights).</summary>
    public IReadOnlyList<(double Epoch, double Loss)> TrainingLoss =>
        Epochs.GroupBy(e => e.Epoch).Select(g => ((double)g.Key, g.Last().TrainLoss)).OrderBy(p => p.Item1).ToList();

    /// <summary>The SB phase's climb from the LB solution and its fall; null until the phase has more than its epoch 0.</summary>
    public SmallBatchClimb? Climb
    {
        get
        {
            var phase = Epochs.Where(e => e.Phase == SmallPhase).ToList();
            if (phase.Count < 2) return null;
            // A long phase's epochs come in buckets (EpochRecording): a bucket's highest loss is the peak's, at the bucket's last epoch.
            static double Highest(EpochMetrics e) => e.Bucket?.TrainLossMax ?? e.TrainLoss;
            var peak = phase.MaxBy(Highest)!;
            return new SmallBatchClimb(phase[0].TrainLoss, Highest(peak), peak.Epoch - phase[0].Epoch, phase[^1].TrainLoss);
        }
    }

    /// <summary>The line's barrier between α = 0 and α = 1; null until it has a point at each end.</summary>
    public LineBarrier? Barrier
    {
        get
        {
            // The default grid holds 0 and 1 exactly (InterpolationSpec.Alpha); a grid that skips them has no ends to compare.
            var inside = Line.Where(p => p.Alpha is >= 0 and <= 1).OrderBy(p => p.Alpha).ToList();
            if (inside.Count < 2 || inside[0].Alpha != 0 || inside[^1].Alpha != 1) return null;
            var (lb, sb) = (inside[0], inside[^1]);
            var higher = Math.Max(lb.TrainLoss, sb.TrainLoss);
            double? testHigher = lb.TestLoss is { } a && sb.TestLoss is { } b ? Math.Max(a, b) : null;
            var tests = inside.Select(p => p.TestLoss).OfType<double>().ToList();
            return new LineBarrier(
                inside.Max(p => p.TrainLoss) - higher, higher,
                testHigher is { } h && tests.Count == inside.Count ? tests.Max() - h : null, testHigher,
                Math.Min(lb.TrainAccuracy, sb.TrainAccuracy) - inside.Min(p => p.TrainAccuracy));
        }
    }
}

/// <summary>The SB phase's training loss: at its start (the LB solution), at its highest, and at its end.</summary>
/// <param name="PeakAfter">Epochs after the switch at which the loss peaked (0: it never rose).</param>
public sealed record SmallBatchClimb(double Start, double Peak, int PeakAfter, double End)
{
    public double PeakRatio => Peak / Start;
    public double EndRatio => End / Start;
}

/// <summary>
/// How far the loss rises between the two ends of the line above the higher end (0 when it never does), for the
/// training and the test loss, and how far the training accuracy dips below the lower end's.
/// </summary>
public sealed record LineBarrier(double TrainRise, double TrainHigherEnd, double? TestRise, double? TestHigherEnd, double AccuracyDip)
{
    public double RelativeTrainRise => TrainHigherEnd > 0 ? TrainRise / TrainHigherEnd : TrainRise > 0 ? double.PositiveInfinity : 0;
}
