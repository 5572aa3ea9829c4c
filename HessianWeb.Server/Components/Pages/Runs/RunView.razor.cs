using System.Collections.Concurrent;
using HessianWeb.Server.Diagnostics;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// One run, live. It subscribes to the run's events before reading the stored ones, so no event falls
/// between the two; <see cref="RunProgress"/> drops whatever it sees twice. Live events are applied at
/// most ten times a second, and each render lets the charts push what is new since their last push.
/// </summary>
public sealed partial class RunView
{
    [Inject] RunStore Store { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] RunScheduler Scheduler { get; set; } = default!;
    [Inject] ILogger<RunView> Logger { get; set; } = default!;
    [Inject] LiveRenderLag Lag { get; set; } = default!;

    [Parameter, EditorRequired] public Guid RunId { get; set; }

    readonly RunProgress progress = new();
    readonly ConcurrentQueue<RunEvent> inbox = new();
    RunSummary? summary;
    bool notFound;
    bool loaded;
    bool cancelling;
    string? cancelError;
    string? loadError;
    IDisposable? subscription;
    RefreshThrottle? throttle;
    // The creation time of the newest live event the next render shows (for LiveRenderLag).
    DateTimeOffset? lagPending;
    // Null: follow the newest analysed checkpoint as the run goes on.
    string? pickedCheckpoint;

    /// <summary>The checkpoint the density, spectrum, outlier and trace panels show.</summary>
    string? ShownCheckpoint => pickedCheckpoint is { } picked && progress.AnalysedCheckpoints.Contains(picked)
        ? picked
        : progress.AnalysedCheckpoints.LastOrDefault();

    long? ParameterCount => progress.ParameterCount ?? summary?.ParameterCount;

    void PickCheckpoint(string? checkpoint) => pickedCheckpoint = checkpoint;

    protected override async Task OnInitializedAsync()
    {
        throttle = new RefreshThrottle(TimeSpan.FromMilliseconds(100), () => InvokeAsync(ApplyLiveEventsAsync), Logger);
        subscription = Notifier.Subscribe(RunId, e =>
        {
            inbox.Enqueue(e);
            throttle.Request();
            return Task.CompletedTask;
        });

        try
        {
            var stored = await Store.GetEventsAsync(RunId);
            foreach (var e in stored) progress.Apply(e);
            DrainInbox();
            summary = await Store.GetAsync(RunId);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Loading run {RunId} failed", RunId);
            loadError = $"The run could not be loaded: {ex.Message}";
            return;
        }
        notFound = summary is null;
        loaded = true;
        // An event that came while the summary loaded found the page not ready: apply it now.
        if (!inbox.IsEmpty) throttle.Request();
    }

    async Task ApplyLiveEventsAsync()
    {
        // Until the stored events are in, the initial load drains the inbox itself.
        if (!loaded || notFound) return;
        var (statusChanged, newest) = DrainInbox();
        if (statusChanged)
        {
            // Started/ended times and the worker live in the summary, which the store keeps.
            summary = await Store.GetAsync(RunId) ?? summary;
            if (progress.Status.IsTerminal()) cancelling = false;
        }
        lagPending = newest;
        StateHasChanged();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (lagPending is not { } newest) return;
        lagPending = null;
        Lag.Record(this, newest);
    }

    /// <summary>Applies queued live events in sequence order; says whether the status changed, and when the newest was made.</summary>
    (bool StatusChanged, DateTimeOffset? Newest) DrainInbox()
    {
        var events = new List<RunEvent>();
        while (inbox.TryDequeue(out var e)) events.Add(e);
        var statusChanged = false;
        foreach (var e in events.OrderBy(e => e.Sequence))
            if (progress.Apply(e) && e.Kind == RunEventKind.Status) statusChanged = true;
        return (statusChanged, events.Count > 0 ? events.Max(e => e.Timestamp) : null);
    }

    async Task CancelAsync()
    {
        cancelling = true;
        cancelError = null;
        try
        {
            if (!await Scheduler.CancelAsync(RunId)) cancelling = false;
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Cancelling run {RunId} failed", RunId);
            cancelError = $"The run could not be cancelled: {ex.Message}";
            cancelling = false;
        }
    }

    public void Dispose()
    {
        subscription?.Dispose();
        throttle?.Dispose();
    }
}
