using Microsoft.JSInterop;
using MudBlazor;

namespace HessianWeb.Server.Components.Sharing;

/// <summary>
/// Copies text with wwwroot/js/share.js and says so in a snackbar, or shows the text to copy by hand where the browser
/// refuses (outside a secure context: plain http to another host). One per component, disposed with it.
/// </summary>
public sealed class Clipboard(IJSRuntime js, ISnackbar snackbar) : IAsyncDisposable
{
    IJSObjectReference? module;

    public async Task CopyAsync(string text, string what = "Link")
    {
        bool copied;
        try
        {
            module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/share.js");
            copied = await module.InvokeAsync<bool>("copy", text);
        }
        catch (JSException) { copied = false; }
        if (copied) snackbar.Add($"{what} copied to the clipboard.", Severity.Success);
        else snackbar.Add($"The browser did not allow copying. {what}: {text}", Severity.Info, o => o.RequireInteraction = true);
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null) return;
        try { await module.DisposeAsync(); }
        catch (JSDisconnectedException) { }
    }
}
