using System.Text.Json;

namespace HessianWeb.Server.Components.Charts;

// Why this is large: ChartOptions is a data type, one init property per chart option the pages set; its only logic
// is the content equality (Equals, GetHashCode) that tells the chart component when to restyle.
/// <summary>Lines and markers; points only; bars; or lines over faint bands (ApexCharts' range area).</summary>
public enum ChartKind { Line, Scatter, Bar, LineWithBands }

/// <summary>A labelled vertical line across the plot, e.g. the bulk's edge on a density.</summary>
public sealed record ChartMarkLine(double X, string Label, string? Color = null);

/// <summary>A dashed horizontal line at y = <paramref name="Y"/> (a level to compare the series with), labelled.</summary>
public sealed record ChartLevelLine(double Y, string Label, string? Color = null);

/// <summary>How a chart looks. Axis titles name the quantity and its unit.</summary>
public sealed record ChartOptions
{
    public required string Title { get; init; }
    public required string XAxisTitle { get; init; }
    public required string YAxisTitle { get; init; }
    public ChartKind Kind { get; init; } = ChartKind.Line;

    /// <summary>A logarithmic y axis plots |y| and leaves out zeros, which it cannot show.</summary>
    public bool LogY { get; init; }

    /// <summary>The x values are counts (epochs, iterations, indices): label them as integers.</summary>
    public bool IntegerX { get; init; }

    /// <summary>Names for the integer x values 0, 1, 2, … (checkpoints along training); implies <see cref="IntegerX"/>.</summary>
    public IReadOnlyList<string>? XLabels { get; init; }

    public IReadOnlyList<ChartMarkLine> XLines { get; init; } = [];

    /// <summary>Horizontal reference levels (on a log axis, at their logarithm like the series).</summary>
    public IReadOnlyList<ChartLevelLine> YLines { get; init; } = [];

    /// <summary>The right axis's title, for series with <see cref="ChartSeries.SecondAxis"/> (linear y only).</summary>
    public string? SecondYAxisTitle { get; init; }

    public double? YMin { get; init; }
    public double? YMax { get; init; }
    public int Height { get; init; } = 320;

    /// <summary>What the empty chart says, e.g. when its data will arrive.</summary>
    public string NoDataText { get; init; } = "No data yet.";

    /// <summary>The shape charts.js reads.</summary>
    internal object ToModule() => new
    {
        title = Title,
        xTitle = XAxisTitle,
        yTitle = YAxisTitle,
        y2Title = SecondYAxisTitle,
        type = Kind switch
        {
            ChartKind.LineWithBands => "rangeArea",
            _ => Kind.ToString().ToLowerInvariant(),
        },
        logY = LogY,
        integerX = IntegerX || XLabels is not null,
        xLabels = XLabels,
        xLines = XLines.Select(l => new { x = l.X, label = l.Label, color = l.Color }).ToList(),
        yLines = YLines.Select(l => new { y = l.Y, label = l.Label, color = l.Color }).ToList(),
        yMin = YMin,
        yMax = YMax,
        height = Height,
        noDataText = NoDataText,
    };

    // The lists compare by content: the component restyles a chart only when what it shows changes,
    // and a page rebuilds its options on every render.
    public bool Equals(ChartOptions? other) =>
        other is not null && (ReferenceEquals(this, other) || Serialized == other.Serialized);

    public override int GetHashCode() => Serialized.GetHashCode(StringComparison.Ordinal);

    string Serialized => JsonSerializer.Serialize(ToModule());
}
