namespace HessianWeb.Server.Comparison;

/// <summary>
/// One colour per compared run, the same on every chart and table, from the run's position in the URL
/// (<c>/compare?runs=a,b,c</c>: a is the first colour), so a shared link shows each run in the same colour.
/// </summary>
/// <remarks>
/// The Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008), which stays distinguishable
/// under the common colour-vision deficiencies. Yellow comes late and black last: yellow is faint on white,
/// and black reads as an axis or a reference line.
/// </remarks>
public static class RunColors
{
    public static readonly IReadOnlyList<string> OkabeIto =
    [
        "#0072B2", // blue
        "#E69F00", // orange
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#56B4E9", // sky blue
        "#D55E00", // vermillion
        "#F0E442", // yellow
        "#000000", // black
    ];

    /// <summary>As many runs as there are colours: a ninth would have to repeat one.</summary>
    public static int MaxRuns => OkabeIto.Count;

    /// <summary>The colour of the run at <paramref name="position"/> (0 = the first in the URL).</summary>
    public static string For(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, MaxRuns);
        return OkabeIto[position];
    }

    /// <summary>"A", "B", …: a short name that tells runs with the same name apart in legends.</summary>
    public static string Letter(int position) => ((char)('A' + position)).ToString();

    /// <summary>The colour at <paramref name="opacity"/>, for a faint line behind a bold one (e.g. raw behind smoothed).</summary>
    public static string Faint(string hex, double opacity = 0.3)
    {
        var rgb = Convert.ToInt32(hex.TrimStart('#'), 16);
        return FormattableString.Invariant($"rgba({(rgb >> 16) & 0xff},{(rgb >> 8) & 0xff},{rgb & 0xff},{opacity})");
    }
}
