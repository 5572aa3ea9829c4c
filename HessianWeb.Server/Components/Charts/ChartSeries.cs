namespace HessianWeb.Server.Components.Charts;

/// <summary>One named series of (x, y) points, as the chart module takes it.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double[]> Points)
{
    public string? Color { get; init; }

    /// <summary>Markers without a connecting line: a few estimates drawn over a dense curve.</summary>
    public bool PointsOnly { get; init; }

    /// <summary>
    /// The finite points only: a diverged run reports NaN and ∞, which neither JSON nor a chart can carry.
    /// </summary>
    public static ChartSeries Of(string name, IEnumerable<(double X, double Y)> points, string? color = null) =>
        new(name, points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => new[] { p.X, p.Y }).ToList())
        {
            Color = color,
        };
}
