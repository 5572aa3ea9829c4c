using System.Globalization;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// Checkpoints in training order: "init", "epoch-N" by N, "end", then re-analyses ("end·2",
/// "epoch-50·2") after all of them, by the checkpoint they re-analyse and then their number.
/// An unknown label goes after "end", before the re-analyses.
/// </summary>
public static class CheckpointOrder
{
    /// <summary>The separator between a checkpoint and the number of its re-analysis.</summary>
    public const char Reanalysis = '·';

    public static int Compare(string a, string b) => Key(a).CompareTo(Key(b)) is var c and not 0 ? c : string.CompareOrdinal(a, b);

    /// <summary>Adds <paramref name="checkpoint"/> at its place in the ordered <paramref name="list"/> unless it is there.</summary>
    public static void Insert(List<string> list, string checkpoint)
    {
        if (list.Contains(checkpoint)) return;
        var at = list.FindIndex(c => Compare(checkpoint, c) < 0);
        list.Insert(at < 0 ? list.Count : at, checkpoint);
    }

    public static IReadOnlyList<string> Sort(IEnumerable<string> checkpoints) =>
        checkpoints.Distinct().Order(Comparer<string>.Create(Compare)).ToList();

    static (int Reanalysis, double Position, int Number) Key(string checkpoint)
    {
        var parts = checkpoint.Split(Reanalysis, 2);
        var number = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (parts.Length == 2 ? 1 : 0, Position(parts[0]), number);
    }

    static double Position(string checkpoint) => checkpoint switch
    {
        Checkpoints.Init => -1,
        Checkpoints.End => double.MaxValue,
        _ when checkpoint.StartsWith("epoch-", StringComparison.Ordinal)
            && int.TryParse(checkpoint.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) => epoch,
        _ => double.PositiveInfinity,
    };
}
