using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Workers;

/// <summary>What a worker's report of a run's events comes to (<see cref="RunHolding.ForEventsAsync"/>).</summary>
public enum EventsHolding
{
    /// <summary>The run is the worker's: its events are stored.</summary>
    Held,
    /// <summary>The run has ended: none of its events are stored, from anyone, and the worker is told to stop it.</summary>
    Ended,
    /// <summary>A live run given to another worker, or to none: the report is refused.</summary>
    NotHeld,
}

/// <summary>
/// Whether a worker may write a run's results, its events on the hub and its files over the artifact routes: only the
/// run (or the analysis or interpolation of a run) that the scheduler gave it, or that it claimed again when it registered
/// (<see cref="RunScheduler.RegisterAsync"/>), which is the worker's current run in the <see cref="WorkerRegistry"/>.
/// </summary>
public sealed class RunHolding(WorkerRegistry registry, RunResults results)
{
    /// <summary>
    /// For a report on hub connection <paramref name="connectionId"/>. An ended run is not refused, whoever reports it: the
    /// worker may be the one whose run the server ended (it must hear to stop, not an error), or one replaying the end of
    /// its previous run after claiming its next (<c>ComputeWorker.CurrentRunId</c>); after a restart the server no longer
    /// knows who held it, and the store keeps no events of an ended run anyway. The run is read only when it is not held.
    /// </summary>
    public async Task<EventsHolding> ForEventsAsync(string connectionId, Guid runId, CancellationToken ct = default)
    {
        if (registry.Find(connectionId)?.CurrentRunId == runId) return EventsHolding.Held;
        return await results.GetAsync(runId, ct) is { } run && run.Status.IsTerminal() ? EventsHolding.Ended : EventsHolding.NotHeld;
    }

    /// <summary>
    /// For an upload to a live run by a worker that presented token <paramref name="tokenId"/> (HTTP has no hub connection,
    /// so the token tells workers apart): null when a worker connected with that token holds the run, else the status and
    /// reason to answer. 409 (the worker tries again, a bounded number of times) when nobody holds it now: its worker may be
    /// registering again after a server restart; 403 when a worker of another token holds it.
    /// </summary>
    public (int Status, string Reason)? RefuseUpload(Guid runId, string? tokenId) => registry.Holder(runId) switch
    {
        null => (StatusCodes.Status409Conflict, $"no worker holds run {runId} at the moment (its worker may be registering again); it takes no files until one does"),
        { } holder when tokenId is null || holder.TokenId != tokenId =>
            (StatusCodes.Status403Forbidden, $"run {runId} is not assigned to a worker connected with this worker's token, so this worker may not upload its files"),
        _ => null,
    };
}
