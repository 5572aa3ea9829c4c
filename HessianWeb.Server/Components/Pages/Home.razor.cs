using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Components.Pages.RunsList;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Workers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace HessianWeb.Server.Components.Pages;

/// <summary>
/// The saved runs, a page at a time, and the connected workers, kept current without a reload. The address
/// holds the list's whole state (page, sort, filters, columns), so a list can be bookmarked and shared.
/// </summary>
public sealed partial class Home : IDisposable
{
    [Inject] RunListing Listing { get; set; } = default!;
    [Inject] RunRemoval Removal { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] WorkerRegistry Registry { get; set; } = default!;
    [Inject] LocalWorkerSupervisor Supervisor { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] IDialogService Dialogs { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<Home> Logger { get; set; } = default!;
    [Inject] TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    // The address's parameters, as RunQuery.Parse and RunColumns.Parse read them.
    [SupplyParameterFromQuery(Name = "page")] public string? PageParameter { get; set; }
    [SupplyParameterFromQuery(Name = "pageSize")] public string? PageSizeParameter { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortParameter { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? SearchParameter { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? StatusParameter { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public string? TagParameter { get; set; }
    [SupplyParameterFromQuery(Name = "sweep")] public string? SweepParameter { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromParameter { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToParameter { get; set; }
    [SupplyParameterFromQuery(Name = "archived")] public string? ArchivedParameter { get; set; }
    [SupplyParameterFromQuery(Name = "launchedBy")] public string? LaunchedByParameter { get; set; }
    [SupplyParameterFromQuery(Name = "cols")] public string? ColumnsParameter { get; set; }

    RunQuery query = new();
    Dictionary<string, string[]> queryErrors = [];
    IReadOnlyList<RunColumn> columns = RunColumns.Default;
    RunListPage? page;
    IReadOnlyList<string> knownTags = [];
    IReadOnlyList<string> launchers = [];
    ClaimsPrincipal user = new();
    string? loadError;
    readonly HashSet<Guid> selected = [];
    IReadOnlyList<ConnectedWorker> workers = [];
    IDisposable? runListSubscription;
    RefreshThrottle? throttle;

    /// <summary>At most one re-query of the list per interval while changes keep coming.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    protected override void OnInitialized()
    {
        // Only changes the list shows come (RunNotifier.RunListChangeOf), but many runs may send them at once: one
        // re-query a quarter second is plenty, and the last change is always followed by one.
        throttle = new RefreshThrottle(RefreshInterval, () => InvokeAsync(RefreshAsync), Logger, Clock);
        runListSubscription = Notifier.SubscribeToRunList(() => { throttle.Request(); return Task.CompletedTask; });
        Registry.Changed += OnWorkersChanged;
        workers = Registry.All;
    }

    protected override async Task OnParametersSetAsync()
    {
        var parameters = new Dictionary<string, string?>
        {
            ["page"] = PageParameter, ["pageSize"] = PageSizeParameter, ["sort"] = SortParameter, ["q"] = SearchParameter,
            ["status"] = StatusParameter, ["tag"] = TagParameter, ["sweep"] = SweepParameter, ["from"] = FromParameter,
            ["to"] = ToParameter, ["archived"] = ArchivedParameter, ["launchedBy"] = LaunchedByParameter,
        };
        user = (await Auth).User;
        (query, queryErrors) = RunQuery.Parse(name => parameters.GetValueOrDefault(name));
        columns = RunColumns.Parse(ColumnsParameter);
        await LoadAsync();
    }

    async Task LoadAsync()
    {
        try
        {
            page = await Listing.QueryAsync(query);
            knownTags = await Listing.GetTagsAsync();
            launchers = await Listing.GetLaunchersAsync();
            loadError = null;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Listing runs failed");
            loadError = $"The runs could not be listed: {ex.Message}";
        }
    }

    void OnWorkersChanged() => throttle?.Request();

    async Task RefreshAsync()
    {
        workers = Registry.All;
        await LoadAsync();
        StateHasChanged();
    }

    /// <summary>Puts the list's state in the address; the page reloads from there (OnParametersSetAsync).</summary>
    Task GoAsync(RunQuery next) => NavigateAsync(next, columns);

    Task ColumnsAsync(IReadOnlyList<RunColumn> next) => NavigateAsync(query, next);

    Task NavigateAsync(RunQuery next, IReadOnlyList<RunColumn> nextColumns)
    {
        var parameters = new Dictionary<string, object?>(next.ToParameters()) { ["cols"] = RunColumns.Format(nextColumns) };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters));
        return Task.CompletedTask;
    }

    void Select((Guid Run, bool Selected) change)
    {
        if (change.Selected) selected.Add(change.Run);
        else selected.Remove(change.Run);
    }

    void Compare() => Navigation.NavigateTo($"/compare?runs={string.Join(',', selected)}");

    async Task ArchiveAsync(RunSummary run)
    {
        if (!user.CanAnnotate()) { Snackbar.Add(user.Refusal("archive runs"), Severity.Warning); return; }
        await Listing.UpdateAsync(run.Id, new RunPatch(Archived: !run.Archived));
        Snackbar.Add(run.Archived ? $"Restored '{run.Name}'." : $"Archived '{run.Name}': the Archived switch shows it.", Severity.Info);
        await LoadAsync();
    }

    async Task DeleteAsync(RunSummary run)
    {
        // Asked before the dialog, so nobody confirms what they may not do; RunRemoval asks again.
        if (!user.CanDelete(run.LaunchedBy)) { Snackbar.Add(user.Refusal($"delete '{run.Name}'"), Severity.Warning); return; }
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this run?",
            $"'{run.Name}' will be removed with its events and its files under the data directory. This cannot be undone.",
            yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true) return;
        var (outcome, refusal) = await Removal.DeleteAsync(user, run.Id);
        selected.Remove(run.Id);
        Snackbar.Add(outcome switch
        {
            RunDeletion.Deleted => $"Deleted '{run.Name}'.",
            RunDeletion.NotEnded => $"'{run.Name}' has not ended: cancel it first.",
            RunDeletion.Refused => refusal!,
            _ => $"'{run.Name}' was already gone.",
        }, outcome == RunDeletion.Deleted ? Severity.Success : Severity.Warning);
        await LoadAsync();
    }

    public void Dispose()
    {
        Registry.Changed -= OnWorkersChanged;
        runListSubscription?.Dispose();
        throttle?.Dispose();
    }
}
