using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HessianWeb.Server.Components.Layout;

public sealed partial class MainLayout : IAsyncDisposable
{
    [Inject] IJSRuntime JS { get; set; } = default!;

    BrowserTimeZone? timeZone;
    IJSObjectReference? module;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/time.js");
            var reported = await module.InvokeAsync<ReportedTimeZone?>("timeZone");
            if (reported is null) return;
            timeZone = BrowserTimeZone.From(reported.Id, reported.OffsetMinutes);
            StateHasChanged();
        }
        catch (JSDisconnectedException) { }
        catch (TaskCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null) return;
        try { await module.DisposeAsync(); }
        catch (JSDisconnectedException) { }
    }

    sealed record ReportedTimeZone(string? Id, int OffsetMinutes);
}
