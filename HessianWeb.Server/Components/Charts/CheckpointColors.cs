using System.Globalization;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Charts;

/// <summary>
/// One colour per checkpoint in every chart, so "init", "epoch-50" and "end" read the same everywhere;
/// a re-analysis ("end·2") takes a darker shade of the checkpoint it re-analyses.
/// </summary>
public static class CheckpointColors
{
    // Apart from init's blue, end's orange and the operators' indigo, green and pink.
    static readonly string[] Others = ["#00897b", "#8e24aa", "#f9a825", "#6d4c41", "#7cb342", "#546e7a", "#00acc1", "#ad1457"];

    public static string For(string checkpoint)
    {
        var parts = checkpoint.Split('·', 2);
        var color = parts[0] switch
        {
            Checkpoints.Init => "#1e88e5",
            Checkpoints.End => "#e65100",
            var other => Others[StableHash(other) % Others.Length],
        };
        return parts.Length == 2 ? Darker(color) : color;
    }

    // string.GetHashCode differs between processes; a colour should not.
    static int StableHash(string text)
    {
        var hash = 17u;
        foreach (var c in text) hash = hash * 31 + c;
        return (int)(hash % int.MaxValue);
    }

    /// <summary>#rrggbb at 60 % brightness.</summary>
    static string Darker(string color)
    {
        var rgb = int.Parse(color.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int Channel(int shift) => (int)(((rgb >> shift) & 0xff) * 0.6);
        return $"#{Channel(16):x2}{Channel(8):x2}{Channel(0):x2}";
    }
}
