using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages;

/// <summary>The saved runs and the connected workers, kept current without a reload.</summary>
public sealed partial class Home : IDisposable
{
    [Inject] RunStore Store { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] WorkerRegistry Registry { get; set; } = default!;
    [Inject] LocalWorkerSupervisor Supervisor { get; set; } = default!;
    [Inject] ILogger<Home> Logger { get; set; } = default!;

    IReadOnlyList<RunSummary>? runs;
    string? loadError;
    IReadOnlyList<ConnectedWorker> workers = [];
    IDisposable? runListSubscription;
    RefreshThrottle? throttle;

    protected override async Task OnInitializedAsync()
    {
        // A busy run changes the list many times a second; a few renders a second are plenty.
        throttle = new RefreshThrottle(TimeSpan.FromMilliseconds(250), () => InvokeAsync(RefreshAsync), Logger);
        runListSubscription = Notifier.SubscribeToRunList(() => { throttle.Request(); return Task.CompletedTask; });
        Registry.Changed += OnWorkersChanged;
        workers = Registry.All;
        try { runs = await Store.ListAsync(); }
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
        runs = await Store.ListAsync();
        loadError = null;
        StateHasChanged();
    }

    public void Dispose()
    {
        Registry.Changed -= OnWorkersChanged;
        runListSubscription?.Dispose();
        throttle?.Dispose();
    }
}
