using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Shares;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace HessianWeb.Server.Components.Sharing;

/// <summary>
/// Copies the address the page is at: every page keeps its whole view in its path and query string (a run's
/// <c>/runs/{id}</c>, a comparison's <c>/compare?runs=…</c>), so the address is the permalink, for those with an account.
/// On a run, comparison or sweep (<see cref="Kind"/> set) members and admins can also make a read-only share link
/// (<see cref="ShareLinkDialog"/>) for someone without one.
/// </summary>
public sealed partial class CopyLinkButton : IAsyncDisposable
{
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter] Task<AuthenticationState>? Auth { get; set; }

    [Parameter] public string TestId { get; set; } = "copy-link";
    /// <summary>What a share link of this page opens; none on pages a link cannot open (the runs list, the workers).</summary>
    [Parameter] public ShareKind? Kind { get; set; }
    /// <summary>The run, the compared runs, or the sweep.</summary>
    [Parameter] public IReadOnlyList<Guid> Ids { get; set; } = [];

    Clipboard? clipboard;
    bool canLaunch;

    bool CanShare => canLaunch && Kind is not null && Ids.Count > 0;

    protected override async Task OnParametersSetAsync() =>
        canLaunch = Auth is not null && (await Auth).User.CanLaunch();

    Task CopyAsync() => (clipboard ??= new Clipboard(JS, Snackbar)).CopyAsync(Navigation.Uri);

    async Task ShareAsync()
    {
        var parameters = new DialogParameters<ShareLinkDialog> { { d => d.Kind, Kind!.Value }, { d => d.Ids, Ids } };
        await Dialogs.ShowAsync<ShareLinkDialog>($"Read-only link to this {ShareLinkDialog.Noun(Kind!.Value)}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
    }

    public ValueTask DisposeAsync() => clipboard?.DisposeAsync() ?? ValueTask.CompletedTask;
}
