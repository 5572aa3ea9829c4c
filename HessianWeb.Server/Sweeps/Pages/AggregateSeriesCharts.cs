using HessianWeb.Server.Components.Charts;

namespace HessianWeb.Server.Sweeps.Pages;

/// <summary>Aggregated lines as chart series: each mean as a line over its ± one standard deviation band.</summary>
public static class AggregateSeriesCharts
{
    static readonly string[] Palette = ["#3949ab", "#e65100", "#2e7d32", "#8e24aa", "#00897b", "#c2185b", "#6d4c41", "#f9a825"];

    public static string Color(int i) => Palette[i % Palette.Length];

    /// <summary>
    /// A band and a mean line per aggregated line, named "<paramref name="quantity"/>" (plus the line's name when there
    /// are several). The band is left out where no x has two repeats: there is no spread to show.
    /// </summary>
    public static IEnumerable<ChartSeries> ToSeries(IReadOnlyList<AggregateSeries> lines, string quantity, int firstColor = 0)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var name = line.Name.Length == 0 ? quantity : $"{quantity} · {line.Name}";
            var color = Color(firstColor + i);
            if (line.Points.Any(p => p.Count > 1))
                yield return ChartSeries.OfBand($"{name} ± sd", line.Points.Select(p => (p.X, p.Low, p.High)), color);
            yield return ChartSeries.Of(name, line.Points.Select(p => (p.X, p.Mean)), color);
        }
    }

    /// <summary>A key that changes when any of the lines' numbers do.</summary>
    public static string Key(IEnumerable<AggregateSeries> lines) =>
        string.Join(";", lines.SelectMany(l => l.Points.Select(p => $"{l.Name}|{p.X:R}|{p.Mean:R}|{p.StandardDeviation:R}|{p.Count}")));
}
