using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace HessianWeb.Server.Components.Pages.Workers;

/// <summary>The connected workers, the queue (reorder, cancel) and the runs that failed lately, kept current.</summary>
public sealed partial class WorkersPage : IDisposable
{
    [Inject] WorkerRegistry Registry { get; set; } = default!;
    [Inject] RunQueue Queue { get; set; } = default!;
    [Inject] RunResults Results { get; set; } = default!;
    [Inject] RunScheduler Scheduler { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] LocalWorkerSupervisor Supervisor { get; set; } = default!;
    [Inject] ILogger<WorkersPage> Logger { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    IReadOnlyList<ConnectedWorker> workers = [];
    List<RunSummary> queue = [];
    IReadOnlyList<RunSummary> failures = [];
    Dictionary<Guid, string> runNames = [];
    DateTime now = DateTime.UtcNow;
    IDisposable? subscription;
    RefreshThrottle? throttle;
    // Who is looking: the queue's buttons are for those who may cancel (AccessPrincipal.CanCancel).
    ClaimsPrincipal user = new();
    string? queueRefusal;

    int WaitingCount => queue.Count(r => r.Worker is null);

    protected override async Task OnInitializedAsync()
    {
        user = (await Auth).User;
        throttle = new RefreshThrottle(TimeSpan.FromMilliseconds(250), () => InvokeAsync(RefreshAsync), Logger);
        subscription = Notifier.SubscribeToRunList(() => { throttle.Request(); return Task.CompletedTask; });
        Registry.Changed += OnWorkersChanged;
        await LoadAsync();
    }

    void OnWorkersChanged() => throttle?.Request();

    async Task LoadAsync()
    {
        now = DateTime.UtcNow;
        workers = Registry.All;
        queue = (await Queue.GetQueueAsync()).ToList();
        failures = await Queue.GetRecentFailuresAsync();
        runNames = [];
        foreach (var id in workers.Select(w => w.CurrentRunId).OfType<Guid>())
            if (await Results.GetAsync(id) is { } run) runNames[id] = run.Name;
    }

    async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    async Task MoveAsync(RunSummary run, int position)
    {
        if (!user.CanCancel()) { queueRefusal = user.Refusal("reorder the queue"); return; }
        await Queue.MoveInQueueAsync(run.Id, position);
        await LoadAsync();
    }

    async Task CancelAsync(RunSummary run)
    {
        if (!user.CanCancel()) { queueRefusal = user.Refusal("cancel runs"); return; }
        await Scheduler.CancelAsync(run.Id);
        await LoadAsync();
    }

    public void Dispose()
    {
        Registry.Changed -= OnWorkersChanged;
        subscription?.Dispose();
        throttle?.Dispose();
    }
}

/// <summary>A worker's facts in words.</summary>
public static class WorkerFormat
{
    public static string Memory(long? bytes) => bytes is { } b && b > 0
        ? (b / (double)(1L << 30)).ToString(b >= 10L << 30 ? "0" : "0.0", System.Globalization.CultureInfo.InvariantCulture) + " GiB"
        : "—";

    public static string Uptime(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => $"{Math.Max(0, (int)span.TotalSeconds)} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };
}
