using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components.Charts;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Compare;

public sealed partial class CompareChart
{
    [Parameter, EditorRequired] public ComparisonChart Chart { get; set; } = default!;

    /// <summary>The start of the downloaded files' names, e.g. "comparison-3-runs": the chart's key follows.</summary>
    [Parameter, EditorRequired] public string FileStem { get; set; } = default!;

    ApexChart? chart;
    // The chart starts with the series it is created with; a new view replaces them.
    IReadOnlyList<ChartSeries>? drawn;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        if (firstRender)
        {
            drawn = Chart.Series;
            return;
        }
        if (ReferenceEquals(drawn, Chart.Series)) return;
        drawn = Chart.Series;
        await chart.ReplaceAsync(Chart.Series);
    }

    Task ExportAsync(string format) => chart?.ExportAsync(format, $"{FileStem}-{Chart.Key}.{format}") ?? Task.CompletedTask;
}
