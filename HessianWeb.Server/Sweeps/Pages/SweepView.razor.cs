using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Components;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Sweeps.Presets;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Workers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace HessianWeb.Server.Sweeps.Pages;

/// <summary>
/// One sweep, live: its runs by status, their results along the swept axis (averaged over the seeds), and the
/// preset's own charts and words. Any run's change reloads the sweep's summary, at most twice a second.
/// </summary>
public sealed partial class SweepView : IDisposable
{
    [Inject] SweepStore Sweeps { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] RunScheduler Scheduler { get; set; } = default!;
    [Inject] ILogger<SweepView> Logger { get; set; } = default!;

    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    [Parameter, EditorRequired] public Guid SweepId { get; set; }

    SweepSummary? sweep;
    SweepAggregation? aggregation;
    PresetView? preset;
    bool notFound;
    bool cancelling;
    string? cancelError;
    string? loadError;
    ClaimsPrincipal user = new();
    IDisposable? subscription;
    RefreshThrottle? throttle;

    Dictionary<string, object> PanelParameters => new() { ["Sweep"] = sweep!, ["Aggregation"] = aggregation! };

    /// <summary>"27 runs: data.classes over 2, 3, …; repeated over model.seed 0, 1, 2."</summary>
    string Description => SweepWords.Describe(sweep!);

    protected override async Task OnInitializedAsync()
    {
        user = (await Auth).User;
        throttle = new RefreshThrottle(TimeSpan.FromMilliseconds(500), () => InvokeAsync(RefreshAsync), Logger);
        // Subscribed before the first read, so that no change falls between the two.
        subscription = Notifier.SubscribeToRunList(() => { throttle.Request(); return Task.CompletedTask; });
        try { await LoadAsync(); }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Loading sweep {SweepId} failed", SweepId);
            loadError = $"The sweep could not be loaded: {ex.Message}";
        }
    }

    async Task LoadAsync()
    {
        sweep = await Sweeps.GetAsync(SweepId);
        notFound = sweep is null;
        aggregation = sweep is null ? null : new SweepAggregation(sweep);
        preset = sweep is null ? null : PresetViews.ForSweep(sweep.Preset, aggregation!.XAxis?.Path);
    }

    async Task RefreshAsync()
    {
        if (notFound || loadError is not null) return;
        await LoadAsync();
        StateHasChanged();
    }

    async Task CancelAsync()
    {
        if (!user.CanCancel()) { cancelError = user.Refusal("cancel sweeps"); return; }
        cancelling = true;
        cancelError = null;
        try { await SweepCancellation.CancelAsync(Sweeps, Scheduler, SweepId); }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Cancelling sweep {SweepId} failed", SweepId);
            cancelError = $"The sweep's runs could not all be cancelled: {ex.Message}";
        }
        cancelling = false;
        await LoadAsync();
    }

    public void Dispose()
    {
        subscription?.Dispose();
        throttle?.Dispose();
    }
}
