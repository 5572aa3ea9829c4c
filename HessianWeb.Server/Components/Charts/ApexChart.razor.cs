using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HessianWeb.Server.Components.Charts;

/// <summary>
/// One ApexCharts chart through wwwroot/js/charts.js. The parent sends data with
/// <see cref="AppendAsync"/> and <see cref="ReplaceAsync"/>; a changed <see cref="Options"/> restyles
/// the chart and keeps its data. Data sent before the chart exists is kept and drawn when it does.
/// </summary>
public sealed partial class ApexChart
{
    [Inject] IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public ChartOptions Options { get; set; } = default!;

    /// <summary>The series the chart starts with; later data goes through the methods.</summary>
    [Parameter] public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>The container's data-testid (the browser tests read its data-points).</summary>
    [Parameter] public string? TestId { get; set; }

    ElementReference element;
    IJSObjectReference? module;
    int? chartId;
    ChartOptions? drawnOptions;
    bool disposed;

    // Data the parent sent before the chart existed, in order, and whether it began with a replace.
    readonly List<ChartSeries> early = [];
    bool earlyReplaces;

    protected override bool ShouldRender() => chartId is null;

    protected override Task OnParametersSetAsync() => RestyleAsync();

    async Task RestyleAsync()
    {
        if (chartId is { } id && module is not null && drawnOptions != Options)
        {
            drawnOptions = Options;
            await CallAsync(() => module.InvokeVoidAsync("update", id, Options.ToModule()));
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        await CallAsync(async Task () =>
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/charts.js");
            if (disposed) return;
            var initial = (earlyReplaces ? [] : Series).Concat(early).ToList();
            early.Clear();
            earlyReplaces = false;
            drawnOptions = Options;
            chartId = await module.InvokeAsync<int>("create", element, Options.ToModule(), initial);
            // Anything sent while "create" was on its way; the module merges it by series name.
            if (early.Count > 0) await SendEarlyAsync();
            await RestyleAsync();
        });
    }

    /// <summary>Adds points to the series of the same names (a new name adds a series).</summary>
    public async Task AppendAsync(IReadOnlyList<ChartSeries> additions)
    {
        if (additions.Count == 0 || disposed) return;
        if (chartId is not { } id || module is null)
        {
            early.AddRange(additions);
            return;
        }
        await CallAsync(() => module.InvokeVoidAsync("append", id, additions));
    }

    /// <summary>Replaces every series.</summary>
    public async Task ReplaceAsync(IReadOnlyList<ChartSeries> series)
    {
        if (disposed) return;
        if (chartId is not { } id || module is null)
        {
            early.Clear();
            early.AddRange(series);
            earlyReplaces = true;
            return;
        }
        await CallAsync(() => module.InvokeVoidAsync("replace", id, series));
    }

    /// <summary>Downloads the chart in the browser: "png" or "svg" as drawn, or "csv" of the points it holds.</summary>
    public async Task ExportAsync(string format, string fileName)
    {
        if (chartId is not { } id || module is null || disposed) return;
        await CallAsync(() => format == "csv"
            ? module.InvokeVoidAsync("exportCsv", id, fileName)
            : module.InvokeVoidAsync("exportImage", id, format, fileName));
    }

    async Task SendEarlyAsync()
    {
        var pending = early.ToList();
        var replaces = earlyReplaces;
        early.Clear();
        earlyReplaces = false;
        await CallAsync(() => module!.InvokeVoidAsync(replaces ? "replace" : "append", chartId!.Value, pending));
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        if (module is null) return;
        if (chartId is { } id) await CallAsync(() => module.InvokeVoidAsync("destroy", id));
        await CallAsync(() => module.DisposeAsync());
    }

    /// <summary>A closed browser tab ends the circuit: there is no chart left to update, and nothing to report.</summary>
    static async Task CallAsync(Func<ValueTask> call)
    {
        try { await call(); }
        catch (JSDisconnectedException) { }
        catch (TaskCanceledException) { }
    }

    static async Task CallAsync(Func<Task> call) => await CallAsync(() => new ValueTask(call()));
}
