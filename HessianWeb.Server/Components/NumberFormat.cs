using System.Globalization;

namespace HessianWeb.Server.Components;

/// <summary>Numbers as the pages print them: a few significant digits, scientific notation far from 1.</summary>
public static class NumberFormat
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>12.35, 0.001234, -3.142e-07: <paramref name="digits"/> significant digits.</summary>
    public static string Significant(double value, int digits = 4)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "−∞";
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e5)
        {
            var decimals = Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
            return Math.Round(value, Math.Min(decimals, 15)).ToString("0.###############", Invariant);
        }
        return value.ToString("0." + new string('0', Math.Max(0, digits - 1)) + "e+0", Invariant);
    }

    /// <summary>Residual bounds and tolerances: always scientific, e.g. 3.1e-09.</summary>
    public static string Scientific(double value) =>
        double.IsFinite(value) ? value.ToString("0.0e+00", Invariant) : Significant(value);

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (100 * fraction).ToString("0.#", Invariant) + " %" : Significant(fraction);
}
