using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>The hub compute workers connect to. Browsers never connect here.</summary>
[Authorize(Policy = Policies.Worker)]
public sealed class ComputeHub(
    WorkerRegistry registry, RunScheduler scheduler, RunHolding holding, WorkerTokenStore storedTokens, RunStore store, RunResults results, ArtifactFiles artifacts,
    RunNotifier notifier, IOptions<WorkerOptions> options, ILogger<ComputeHub> logger)
    : Hub<IComputeWorker>, IComputeHub
{
    public async Task Register(WorkerRegistration registration)
    {
        await RefuseRevokedTokenAsync();
        var worker = await scheduler.RegisterAsync(new ConnectedWorker(
            Context.ConnectionId, registration.Name, registration.Device, registration.Threads,
            registration.ProcessId, registration.Version, DateTime.UtcNow, null)
        {
            MemoryBytes = registration.MemoryBytes,
            // A worker from before ids: one for this connection.
            WorkerId = registration.WorkerId == Guid.Empty ? Guid.NewGuid() : registration.WorkerId,
            TokenId = Context.User?.FindFirst(AccessClaims.WorkerToken)?.Value,
        }, registration.CurrentRunId);
        // Its run ended, or another worker has it now: the worker must not go on with it.
        if (registration.CurrentRunId is { } claimed && worker.CurrentRunId != claimed)
            await Clients.Caller.CancelRun(new RunCancellation(claimed));
        logger.LogInformation("Worker {Worker} ({Threads} threads) registered", worker.Description, registration.Threads);
        notifier.PublishRunListChanged();
        await scheduler.PumpAsync();
    }

    public async Task ReportEvents(RunEventBatch batch)
    {
        await RefuseRevokedTokenAsync();
        await RefuseRunsNotHeldAsync(batch);
        IReadOnlyList<RunEvent> stored;
        try { stored = await store.AppendAsync(batch.Events); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not stored, for a reason the worker's resending will not cure: fail the run, and tell the worker in words.
            var reason = StorageFailure.Describe(ex, artifacts.DataDirectory);
            logger.LogError(ex, "Events of {Runs} could not be stored: {Reason}", string.Join(", ", batch.Events.Select(e => e.RunId).Distinct()), reason);
            foreach (var runId in batch.Events.Select(e => e.RunId).Distinct())
            {
                await scheduler.FailUnstorableAsync(runId, reason);
                await Clients.Caller.CancelRun(new RunCancellation(runId));
            }
            throw new HubException(reason);
        }
        await scheduler.OnEventsStoredAsync(stored);
        foreach (var runId in await EndedByServerAsync(batch, stored)) await Clients.Caller.CancelRun(new RunCancellation(runId));
    }

    /// <summary>
    /// A token revoked on the workers page refuses the connections made with it at their next call (a new connection is
    /// refused at once: Access/Tokens/TokenAuthentication): the run the worker holds fails with that reason, the worker is
    /// told to stop it, and nothing more of it is stored.
    /// </summary>
    async Task RefuseRevokedTokenAsync()
    {
        if (!Guid.TryParse(Context.User?.FindFirst(AccessClaims.WorkerToken)?.Value, out var stored) || await storedTokens.IsLiveAsync(stored)) return;
        const string why = "its token was revoked on the workers page";
        if (registry.Find(Context.ConnectionId) is { } worker)
        {
            logger.LogWarning("Refused worker {Worker}: {Why}", worker.Description, why);
            if (worker.CurrentRunId is { } runId) await Clients.Caller.CancelRun(new RunCancellation(runId));
            await scheduler.WorkerLostAsync(worker, why);
        }
        throw new HubException($"This worker's token was revoked on the workers page; the server takes nothing more from it.");
    }

    /// <summary>
    /// A worker writes only its own run's events (<see cref="RunHolding.ForEventsAsync"/>): a batch with events of a live run
    /// that is not its run is refused whole, and nothing of it is stored.
    /// </summary>
    async Task RefuseRunsNotHeldAsync(RunEventBatch batch)
    {
        var notHeld = new List<Guid>();
        foreach (var runId in batch.Events.Select(e => e.RunId).Distinct())
            if (await holding.ForEventsAsync(Context.ConnectionId, runId) == EventsHolding.NotHeld) notHeld.Add(runId);
        if (notHeld.Count == 0) return;
        var runs = string.Join(", ", notHeld);
        logger.LogWarning("Refused {Count} events of run {Runs} from worker {Worker} (token {TokenId}): not assigned to it",
            batch.Events.Count, runs, registry.Find(Context.ConnectionId)?.Description ?? "(not registered)",
            Context.User?.FindFirst(AccessClaims.WorkerToken)?.Value);
        throw new HubException($"Run {runs} is not assigned to this worker; the server stored none of these events.");
    }

    /// <summary>
    /// Runs the worker still reports although the server has ended them (the store could not keep a result, or they
    /// failed while the worker was away): the worker should stop computing what will not be kept.
    /// </summary>
    async Task<IReadOnlyList<Guid>> EndedByServerAsync(RunEventBatch batch, IReadOnlyList<RunEvent> stored)
    {
        var ended = new List<Guid>();
        foreach (var events in batch.Events.GroupBy(e => e.RunId))
        {
            if (events.Any(e => e.Status?.Status.IsTerminal() == true)) continue; // the worker is ending it itself
            var storedOfRun = stored.Where(e => e.RunId == events.Key).ToList();
            if (storedOfRun.Any(e => e.Status?.Status.IsTerminal() == true)) ended.Add(events.Key);
            // Nothing stored: a replay (harmless), or a run that has ended; only then is the run read.
            else if (storedOfRun.Count == 0 && await results.GetAsync(events.Key) is { } run && run.Status.IsTerminal()) ended.Add(events.Key);
        }
        return ended;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var worker = registry.Find(Context.ConnectionId);
        if (worker is null) return;
        registry.Remove(Context.ConnectionId);
        notifier.PublishRunListChanged();
        if (worker.CurrentRunId is null) return;

        // Give a worker with automatic reconnect a moment to come back and claim its run.
        var grace = options.Value.ReconnectGrace;
        _ = Task.Run(async () =>
        {
            await Task.Delay(grace);
            if (registry.FindByRun(worker.CurrentRunId.Value) is null)
                await scheduler.WorkerLostAsync(worker, $"its connection closed ({exception?.Message ?? "no reason given"}) and it did not come back within {grace.TotalSeconds:0} s.");
            // Without this, every remote worker that ever dropped mid-run would stay in the registry's memory.
            registry.Forget(worker);
        });
    }
}
