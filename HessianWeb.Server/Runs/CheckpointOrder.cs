using System.Globalization;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// Checkpoints in training order: "init", "epoch-N" by N, "end", then re-analyses ("end·2",
/// "epoch-50·2") after all of them, by the checkpoint they re-analyse and then their number.
/// An unknown label goes after "end", before the re-analyses.
/// </summary>
/// <remarks>
/// A phased run's checkpoints ("lb:epoch-N", "lb:end") go phase by phase, in the order of <c>phases</c>, between "init"
/// and "end" (the last phase's end); within a phase by epoch, the phase's end last. Without the phases' order, or for a
/// phase not in it, they sort by epoch among the unphased ones, a phase's end after its epochs.
/// </remarks>
public static class CheckpointOrder
{
    /// <summary>The separator between a checkpoint and the number of its re-analysis.</summary>
    public const char Reanalysis = '·';

    public static int Compare(string a, string b, IReadOnlyList<string>? phases = null) =>
        Key(a, phases).CompareTo(Key(b, phases)) is var c and not 0 ? c : string.CompareOrdinal(a, b);

    /// <summary>Adds <paramref name="checkpoint"/> at its place in the ordered <paramref name="list"/> unless it is there.</summary>
    public static void Insert(List<string> list, string checkpoint, IReadOnlyList<string>? phases = null)
    {
        if (list.Contains(checkpoint)) return;
        var at = list.FindIndex(c => Compare(checkpoint, c, phases) < 0);
        list.Insert(at < 0 ? list.Count : at, checkpoint);
    }

    public static IReadOnlyList<string> Sort(IEnumerable<string> checkpoints, IReadOnlyList<string>? phases = null) =>
        checkpoints.Distinct().Order(Comparer<string>.Create((a, b) => Compare(a, b, phases))).ToList();

    static (int Reanalysis, int Phase, double Position, int Number) Key(string checkpoint, IReadOnlyList<string>? phases)
    {
        var parts = checkpoint.Split(Reanalysis, 2);
        var number = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var (phase, position) = Place(parts[0], phases);
        return (parts.Length == 2 ? 1 : 0, phase, position, number);
    }

    /// <summary>The phase's rank (−1 for init, int.MaxValue for end and unknown labels, 0 unphased) and the place within it.</summary>
    static (int Phase, double Position) Place(string checkpoint, IReadOnlyList<string>? phases)
    {
        switch (checkpoint)
        {
            case Checkpoints.Init: return (-1, -1);
            case Checkpoints.End: return (int.MaxValue, double.MaxValue);
        }
        var rank = 0;
        var inPhase = checkpoint;
        if (checkpoint.Split(Checkpoints.PhaseSeparator, 2) is [var phase, var rest])
        {
            var index = phases?.ToList().IndexOf(phase) ?? -1;
            rank = index >= 0 ? index + 1 : 0;
            inPhase = rest;
            if (inPhase == Checkpoints.End) return (rank, double.MaxValue / 2);
        }
        return inPhase.StartsWith("epoch-", StringComparison.Ordinal)
            && int.TryParse(inPhase.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? (rank, epoch)
            : (int.MaxValue, double.PositiveInfinity);
    }
}
