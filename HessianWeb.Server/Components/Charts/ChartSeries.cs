namespace HessianWeb.Server.Components.Charts;

/// <summary>
/// One named series as the chart module takes it: points (x, y), or for a <see cref="Band"/> points
/// (x, low, high) drawn as a faint filled range.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double[]> Points)
{
    public string? Color { get; init; }

    /// <summary>Markers without a connecting line: a few estimates drawn over a dense curve.</summary>
    public bool PointsOnly { get; init; }

    /// <summary>A range between two curves (a spread, an error band); only in a <see cref="ChartKind.LineWithBands"/> chart.</summary>
    public bool Band { get; init; }

    /// <summary>Squares instead of circles: a second set of estimates beside the first (the bottom of a spectrum).</summary>
    public bool SquareMarkers { get; init; }

    /// <summary>Markers on the line: a few points joined (a count per checkpoint) that should show where they are.</summary>
    public bool Markers { get; init; }

    /// <summary>Left out of the legend: a faint companion (a raw curve behind its smoothed one) that the legend would only crowd.</summary>
    public bool HiddenFromLegend { get; init; }

    /// <summary>A dashed line: the companion of a solid series in the same colour.</summary>
    public bool Dashed { get; init; }

    /// <summary>Drawn against a second y axis on the right (<see cref="ChartOptions.SecondYAxisTitle"/>): another quantity over the same x.</summary>
    public bool SecondAxis { get; init; }

    /// <summary>
    /// The finite points only: a diverged run reports NaN and ∞, which neither JSON nor a chart can carry.
    /// </summary>
    public static ChartSeries Of(string name, IEnumerable<(double X, double Y)> points, string? color = null) =>
        new(name, points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => new[] { p.X, p.Y }).ToList())
        {
            Color = color,
        };

    /// <summary>A band from low to high at each x, finite points only.</summary>
    public static ChartSeries OfBand(string name, IEnumerable<(double X, double Low, double High)> points, string? color = null) =>
        new(name, points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Low) && double.IsFinite(p.High))
            .Select(p => new[] { p.X, p.Low, p.High }).ToList())
        {
            Color = color,
            Band = true,
        };
}
