namespace HessianWeb.Server.Components.Charts;

/// <summary>One named series of (x, y) points, as the chart module takes it.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double[]> Points);
