namespace HessianWeb.Server.Comparison;

/// <summary>
/// One colour per compared run, the same on every chart and table: the Okabe–Ito palette, which stays
/// distinguishable under the common colour-vision deficiencies (Okabe &amp; Ito, "Color Universal Design", 2008).
/// Yellow comes late (it is faint on white); past eight runs the palette repeats.
/// </summary>
public static class RunColors
{
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>The colour of the run at <paramref name="position"/> (from 0) in the comparison's address.</summary>
    public static string For(int position) => Palette[((position % Palette.Count) + Palette.Count) % Palette.Count];

    /// <summary>The same colour at an opacity, for the raw line drawn faint behind its smoothed one.</summary>
    public static string Faint(string hex, double opacity = 0.25)
    {
        var rgb = Convert.ToInt32(hex[1..], 16);
        return $"rgba({(rgb >> 16) & 0xff},{(rgb >> 8) & 0xff},{rgb & 0xff},{opacity.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
    }
}
