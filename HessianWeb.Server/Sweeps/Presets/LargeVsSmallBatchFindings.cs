using HessianWeb.Server.Components;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>Preset 4 in words: what the runs measured beside each of the paper's three claims, every number the runs'.</summary>
public static class LargeVsSmallBatchFindings
{
    /// <summary>
    /// A change smaller than this share of the loss is not called a climb, a fall or a barrier: the SB end is an SGD
    /// iterate with a constant learning rate, whose loss still moves by more than that from one epoch to the next.
    /// </summary>
    public const double Tolerance = 0.01;

    public const string Claim =
        "train from one initialisation with a large batch (LB), then continue from the LB solution with a small batch (SB). "
        + "The LB solution has the larger top eigenvalues (it is sharper); the SB phase's loss first climbs, then falls; "
        + "and the straight line θ(α) = (1 − α)·θ_LB + α·θ_SB shows no barrier in train or test loss or accuracy: "
        + "both solutions lie in one connected, flat basin.";

    /// <summary>The three findings, each left out until some run has its numbers; <see cref="PresetFindings.NothingYet"/> when none has.</summary>
    public static string Measured(IReadOnlyList<LargeVsSmallBatchRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var parts = new[] { Sharpness(runs), Climb(runs), Barrier(runs) }.OfType<string>().ToList();
        return parts.Count == 0 ? PresetFindings.NothingYet : string.Join(" ", parts);
    }

    /// <summary>"λ₁ LB = 3.1 > λ₁ SB = 1.2 (means over 3 seeds); LB's was the larger in 3 of 3."</summary>
    public static string? Sharpness(IReadOnlyList<LargeVsSmallBatchRun> runs)
    {
        var pairs = runs.Where(r => r.LargeTop is not null && r.SmallTop is not null).Select(r => (Lb: r.LargeTop!.Value, Sb: r.SmallTop!.Value)).ToList();
        if (pairs.Count == 0) return null;
        var (lb, sb) = (pairs.Average(p => p.Lb), pairs.Average(p => p.Sb));
        var larger = pairs.Count(p => p.Lb > p.Sb);
        var text = $"λ₁ LB = {F(lb)} {(lb > sb ? ">" : "≤")} λ₁ SB = {F(sb)}";
        if (pairs.Count == 1) return text + (larger == 1 ? ": the LB solution is the sharper." : ": the LB solution is not the sharper here.");
        return text + $" (means over {pairs.Count} seeds); LB's was the larger in {larger} of {pairs.Count}"
            + (larger == pairs.Count ? "." : larger == 0 ? ", so the sweep does not show LB as the sharper." : ".");
    }

    /// <summary>How high the SB phase's loss climbed above the LB solution's, when, and where it ended.</summary>
    public static string? Climb(IReadOnlyList<LargeVsSmallBatchRun> runs)
    {
        var climbs = runs.Select(r => r.Climb).OfType<SmallBatchClimb>().ToList();
        if (climbs.Count == 0) return null;
        var rose = climbs.Where(c => c.PeakRatio > 1 + Tolerance).ToList();
        var seeds = climbs.Count == 1 ? "" : $" in {rose.Count} of {climbs.Count} seeds";
        if (rose.Count == 0)
            return $"The SB phase's training loss never rose more than {Percent(Tolerance)} above its start (the LB solution's loss){(climbs.Count == 1 ? "" : " in any seed")}: no climb here.";
        var fell = rose.Count(c => c.End < c.Peak * (1 - Tolerance));
        var text = $"The SB phase's training loss rose{seeds} to {F(rose.Average(c => c.PeakRatio))}× its start"
            + $" (from {F(rose.Average(c => c.Start))} to {F(rose.Average(c => c.Peak))}{(rose.Count > 1 ? ", means" : "")})"
            + $" by epoch {Epochs(rose.Select(c => c.PeakAfter))} after the switch";
        text += fell == rose.Count
            ? $", then fell to {F(rose.Average(c => c.EndRatio))}× its start by the end."
            : fell == 0
                ? $", and had not fallen back more than {Percent(Tolerance)} by the end ({F(rose.Average(c => c.EndRatio))}× its start): no fall yet."
                : $"; it then fell in {fell} of those {rose.Count}, ending at {F(rose.Average(c => c.EndRatio))}× its start (mean).";
        return text;
    }

    /// <summary>The largest barrier along the line over the runs, against <see cref="Tolerance"/> of the higher end.</summary>
    public static string? Barrier(IReadOnlyList<LargeVsSmallBatchRun> runs)
    {
        var lines = runs.Select(r => r.Barrier).OfType<LineBarrier>().ToList();
        if (lines.Count == 0) return null;
        var worst = lines.MaxBy(b => b.RelativeTrainRise)!;
        var text = $"Along the line from the LB solution (α = 0) to the SB end (α = 1), the largest barrier in training loss{(lines.Count > 1 ? $" over {lines.Count} seeds" : "")} was "
            + $"{F(worst.TrainRise)} above the higher end ({Percent(worst.RelativeTrainRise)} of it)";
        var tests = lines.Where(b => b.TestRise is not null && b.TestHigherEnd is > 0).ToList();
        if (tests.Count > 0)
        {
            var test = tests.MaxBy(b => b.TestRise!.Value / b.TestHigherEnd!.Value)!;
            text += $"; in test loss {F(test.TestRise!.Value)} ({Percent(test.TestRise!.Value / test.TestHigherEnd!.Value)})";
        }
        text += $"; the training accuracy dipped at most {Points(lines.Max(b => b.AccuracyDip))} below the lower end";
        var barriers = lines.Count(b => b.RelativeTrainRise > Tolerance);
        return text + (barriers == 0
            ? $". No barrier above {Percent(Tolerance)}: one basin, as the paper says."
            : $". A barrier above {Percent(Tolerance)} of the loss{(lines.Count > 1 ? $" in {barriers} of {lines.Count} seeds" : "")}: these solutions are not shown to share one basin.");
    }

    static string F(double value) => PresetFindings.Format(value);

    static string Percent(double fraction) => NumberFormat.Percent(fraction);

    /// <summary>Accuracy in percentage points: 0.012 → "1.2 points".</summary>
    static string Points(double fraction) => $"{NumberFormat.Significant(100 * fraction, 2)} points";

    /// <summary>"3", or "2 … 5" when the seeds peaked at different epochs.</summary>
    static string Epochs(IEnumerable<int> epochs)
    {
        var list = epochs.ToList();
        var (min, max) = (list.Min(), list.Max());
        return min == max ? $"{min}" : $"{min} … {max}";
    }
}
