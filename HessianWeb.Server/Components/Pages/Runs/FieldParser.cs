using System.Globalization;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// Reads the form's text fields; a field that does not parse gets its own message under its own key in
/// <see cref="Unparsed"/>, and the caller's stand-in value is used meanwhile.
/// </summary>
internal sealed class FieldParser
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public Dictionary<string, string[]> Unparsed { get; } = [];

    public int Int(string text, int fallback, string key)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer | NumberStyles.AllowThousands, Invariant, out var v)) return v;
        Unparsed[key] = [text.Trim().Length == 0 ? "Enter a whole number." : $"'{text.Trim()}' is not a whole number."];
        return fallback;
    }

    public double Real(string text, double fallback, string key)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, Invariant, out var v)) return v;
        Unparsed[key] = [text.Trim().Length == 0 ? "Enter a number, e.g. 0.1 or 1e-4." : $"'{text.Trim()}' is not a number (e.g. 0.1 or 1e-4)."];
        return fallback;
    }

    /// <summary>"10, 5" → [10, 5]; "" → [] (a linear model); null when a piece is not a whole number.</summary>
    public static int[]? Widths(string text)
    {
        var pieces = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var widths = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
            if (!int.TryParse(pieces[i], NumberStyles.Integer, Invariant, out widths[i])) return null;
        return widths;
    }

    public static string Text(int value) => value.ToString(Invariant);
    public static string Text(double value) => value.ToString("R", Invariant);
}
