namespace HessianWeb.Server.Components.Charts;

public enum ChartKind { Line, Scatter, Bar }

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
        type = Kind.ToString().ToLowerInvariant(),
        logY = LogY,
        integerX = IntegerX,
        yMin = YMin,
        yMax = YMax,
        height = Height,
        noDataText = NoDataText,
    };
}
