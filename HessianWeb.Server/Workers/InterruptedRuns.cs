using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// The runs whose server instance is gone (stopped, restarted, or not heard from for <see cref="ScalingOptions.InstanceTimeout"/>)
/// are not failed at once: a worker reconnects (with back-off), to any instance, and claims its run by registering with it.
/// Once the reconnect grace has passed since the instance went, a live instance settles the runs nobody claimed: a run
/// that was running fails, saying so; one that was only given to a worker goes back to the queue. Every instance sweeps
/// at each beat (<see cref="ServerInstances"/>); each run is settled once, by a compare-and-set on the instance that held it.
/// </summary>
public sealed class InterruptedRuns(
    RunQueue queue, RunStore store, ServerInstanceRoster roster, ServerInstance me, IOptions<WorkerOptions> options, TimeProvider clock,
    ILogger<InterruptedRuns> logger)
{
    /// <summary>Runs on workers, held by no instance, when this one joined: from before instances. They count as interrupted by that restart.</summary>
    HashSet<Guid> fromBefore = [];

    /// <summary>At start: notes the runs from before instances, and says how many runs wait for their workers to claim them.</summary>
    public async Task NoteAsync(CancellationToken ct = default)
    {
        var elsewhere = await queue.HeldElsewhereAsync(me.Id, ct);
        fromBefore = elsewhere.Where(r => r.HeldBy is null).Select(r => r.Id).ToHashSet();
        var live = (await roster.AllAsync(ct)).Where(roster.IsLive).Select(i => i.Id).ToHashSet();
        var waiting = elsewhere.Count(r => r.HeldBy is null ? fromBefore.Contains(r.Id) : !live.Contains(r.HeldBy.Value));
        if (waiting > 0)
            logger.LogWarning("{Count} runs were on workers of a server that stopped; their workers have {Grace} s to claim them",
                waiting, options.Value.ReconnectGrace.TotalSeconds);
    }

    /// <summary>Settles the runs of instances gone for longer than the reconnect grace; returns how many this instance settled.</summary>
    public async Task<int> SettleAsync(CancellationToken ct = default)
    {
        var grace = options.Value.ReconnectGrace;
        var now = clock.GetUtcNow().UtcDateTime;
        var instances = (await roster.AllAsync(ct)).ToDictionary(i => i.Id);
        var settled = 0;
        foreach (var run in await queue.HeldElsewhereAsync(me.Id, ct))
        {
            if (run.HeldBy is null && !fromBefore.Contains(run.Id)) continue; // not on a worker of any instance: a test's or a tool's
            var holder = run.HeldBy is { } id ? instances.GetValueOrDefault(id) : null;
            // Held by no instance, or by one whose row is gone: interrupted when this instance started, at the latest.
            var goneSince = holder is null ? roster.JoinedAt : roster.GoneSince(holder);
            if (now < goneSince + grace) continue;
            if (await SettleAsync(run, holder?.Name, grace, ct)) settled++;
            fromBefore.Remove(run.Id);
        }
        return settled;
    }

    async Task<bool> SettleAsync(HeldRun run, string? instance, TimeSpan grace, CancellationToken ct)
    {
        if (run.Status == RunStatus.Queued)
        {
            if (!await queue.PutBackAsync(run.Id, run.HeldBy, ct)) return false;
            logger.LogInformation("Run {RunId}, given to worker '{Worker}' but not started, is back in the queue: its server stopped", run.Id, run.Worker);
            return true;
        }
        var where = instance is null ? "" : $" after server instance '{instance}' stopped";
        var reason = $"The server restarted while worker '{run.Worker}' had this run, and the worker did not come back to claim it " +
            $"within {grace.TotalSeconds:0} s{where}; its work since the last stored event (#{run.LastSequence}) is lost.";
        if (!await store.EndIfHeldAsync(run.Id, run.HeldBy, RunStatus.Failed, reason, ct)) return false;
        logger.LogWarning("Run {RunId} failed: {Reason}", run.Id, reason);
        return true;
    }
}
