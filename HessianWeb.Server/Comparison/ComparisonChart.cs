using HessianWeb.Server.Components.Charts;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// One overlaid chart of a comparison: a stable key (its file names and test id), how it looks and what it plots.
/// The page draws these, and <c>GET /api/compare/series</c> returns the same series as JSON.
/// </summary>
public sealed record ComparisonChart(string Key, ChartOptions Options, IReadOnlyList<ChartSeries> Series);
