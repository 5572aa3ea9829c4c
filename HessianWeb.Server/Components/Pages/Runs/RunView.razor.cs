using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Diagnostics;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// One run, live. It subscribes to the run's events before reading the stored ones, so no event falls
/// between the two; <see cref="RunFeed"/> applies each once, in sequence order, and reads from the store whatever the
/// live ones left out. Live events are applied at most ten times a second, and each render lets the charts push
/// what is new since their last push.
/// </summary>
public sealed partial class RunView
{
    [Inject] RunResults Results { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] RunScheduler Scheduler { get; set; } = default!;
    [Inject] ILogger<RunView> Logger { get; set; } = default!;
    [Inject] LiveRenderLag Lag { get; set; } = default!;

    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    [Parameter, EditorRequired] public Guid RunId { get; set; }

    RunFeed feed = default!;
    RunSummary? summary;
    bool notFound;
    bool loaded;
    bool cancelling;
    string? cancelError;
    string? loadError;
    ClaimsPrincipal user = new();
    IDisposable? subscription;
    RefreshThrottle? throttle;
    // The creation time of the newest live event the next render shows (for LiveRenderLag).
    DateTimeOffset? lagPending;
    // Null: follow the newest analysed checkpoint as the run goes on.
    string? pickedCheckpoint;

    /// <summary>The checkpoint the density, spectrum, outlier and trace panels show.</summary>
    string? ShownCheckpoint => pickedCheckpoint is { } picked && Progress.AnalysedCheckpoints.Contains(picked)
        ? picked
        : Progress.AnalysedCheckpoints.LastOrDefault();

    RunProgress Progress => feed.Progress;

    long? ParameterCount => Progress.ParameterCount ?? summary?.ParameterCount;

    void PickCheckpoint(string? checkpoint) => pickedCheckpoint = checkpoint;

    protected override async Task OnInitializedAsync()
    {
        feed = new RunFeed(Results, RunId);
        user = (await Auth).User;
        // The prerendered page shows "Loading the run…": reading a long run's events for a page that is replaced as
        // soon as the browser connects would double the time to open it.
        if (!RendererInfo.IsInteractive) return;
        throttle = new RefreshThrottle(TimeSpan.FromMilliseconds(100), () => InvokeAsync(ApplyLiveEventsAsync), Logger);
        subscription = Notifier.Subscribe(RunId,
            e =>
            {
                feed.Enqueue(e);
                throttle.Request();
                return Task.CompletedTask;
            },
            () =>
            {
                feed.MarkBehind();
                throttle.Request();
                return Task.CompletedTask;
            });

        try
        {
            await feed.ApplyAsync();
            summary = await Results.GetAsync(RunId);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Loading run {RunId} failed", RunId);
            loadError = $"The run could not be loaded: {ex.Message}";
            // Nothing applies live events to a page that did not load: stop taking them (the page says to reload).
            subscription?.Dispose();
            subscription = null;
            return;
        }
        notFound = summary is null;
        loaded = true;
        // An event that came while the summary loaded found the page not ready: apply it now.
        if (feed.Pending) throttle.Request();
    }

    async Task ApplyLiveEventsAsync()
    {
        // Until the stored events are in, the initial load applies what comes itself.
        if (!loaded || notFound) return;
        var update = await feed.ApplyAsync();
        if (update.StatusChanged)
        {
            // Started/ended times and the worker live in the summary, which the store keeps.
            summary = await Results.GetAsync(RunId) ?? summary;
            if (Progress.Status.IsTerminal()) cancelling = false;
        }
        lagPending = update.NewestLive;
        StateHasChanged();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (lagPending is not { } newest) return;
        lagPending = null;
        Lag.Record(this, RunId, newest);
    }

    async Task CancelAsync()
    {
        if (!user.CanCancel()) { cancelError = user.Refusal("cancel runs"); return; }
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
