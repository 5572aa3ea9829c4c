using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace HessianWeb.Server.Components.Sharing;

/// <summary>
/// Copies the address the page is at: every page keeps its whole view in its path and query string (a run's
/// <c>/runs/{id}</c>, a comparison's <c>/compare?runs=…</c>), so the address is the permalink.
/// </summary>
public sealed partial class CopyLinkButton : IAsyncDisposable
{
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public string TestId { get; set; } = "copy-link";

    IJSObjectReference? module;

    async Task CopyAsync()
    {
        var link = Navigation.Uri;
        bool copied;
        try
        {
            module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/share.js");
            copied = await module.InvokeAsync<bool>("copy", link);
        }
        catch (JSException) { copied = false; }
        if (copied) Snackbar.Add("Link copied to the clipboard.", Severity.Success);
        // The clipboard is refused outside a secure context (plain http to another host): show the link to copy by hand.
        else Snackbar.Add($"The browser did not allow copying. The link: {link}", Severity.Info, o => o.RequireInteraction = true);
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null) return;
        try { await module.DisposeAsync(); }
        catch (JSDisconnectedException) { }
    }
}
