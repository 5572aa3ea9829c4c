using System.Security.Claims;
using HessianWeb.Server.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace HessianWeb.Server.Components.Layout;

public sealed partial class MainLayout : IAsyncDisposable
{
    [Inject] IJSRuntime JS { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState>? Auth { get; set; }

    BrowserTimeZone? timeZone;
    IJSObjectReference? module;
    /// <summary>Who the app bar is for: its links are the ones their role (or share link) opens.</summary>
    ClaimsPrincipal user = new();

    bool HasRole => user.Role() is not null;

    protected override async Task OnParametersSetAsync()
    {
        if (Auth is not null) user = (await Auth).User;
    }

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
