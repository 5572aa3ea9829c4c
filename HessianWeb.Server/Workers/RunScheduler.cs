using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.SignalR;

namespace HessianWeb.Server.Workers;

/// <summary>
/// Hands queued runs and analyses to idle workers, oldest first, one per worker; cancels runs; fails the run of a worker
/// that is gone (an analysing run ends completed instead: its training stands). Within this instance every decision happens
/// under one lock; between the instances sharing the store, a run goes to a worker only through a compare-and-set claim on
/// its row (<see cref="RunQueue.ClaimAsync"/>), and a run is ended for a lost worker only by the instance that holds it, so
/// nothing is given twice.
/// </summary>
public sealed class RunScheduler(
    RunStore store, RunQueue queue, AnalysisQueue analyses, RunResults results, WorkerRegistry registry, IHubContext<ComputeHub, IComputeWorker> hub,
    ServerInstance me, ServerInstanceRoster roster, Uploads.UploadStore uploads, ILogger<RunScheduler> logger)
{
    /// <summary>Claims a worker may lose to other instances' workers in one pump before it waits for the next.</summary>
    const int ClaimAttempts = 8;

    readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>
    /// Gives idle workers the oldest waiting work: a queued run they can hold (<see cref="Placement.Fits"/>), or a queued
    /// analysis of a completed run's saved checkpoint.
    /// </summary>
    public async Task PumpAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            foreach (var idle in registry.All.Where(w => w.State == WorkerState.Idle))
                while (registry.Find(idle.ConnectionId) is { State: WorkerState.Idle } worker && await GiveWorkAsync(worker, ct)) { }
        }
        finally { gate.Release(); }
    }

    /// <summary>
    /// One attempt to give the worker work; true when something changed that may let it try again (it got work, or an
    /// analysis left the queue), false when there is nothing for it now.
    /// </summary>
    async Task<bool> GiveWorkAsync(ConnectedWorker worker, CancellationToken ct)
    {
        var analysis = await analyses.NextQueuedAnalysisAsync(ct);
        var capacity = WorkerCapacities.Of(worker);
        var lost = 0;
        await foreach (var run in queue.WaitingAsync(ct))
        {
            if (analysis is not null && analysis.CreatedAt < run.CreatedAt) break;
            if (!Placement.Fits(run.Spec, capacity)) continue;
            if (await queue.ClaimAsync(run.Id, worker.Name, me.Id, ct))
            {
                await SendRunAsync(worker, run, ct);
                return true;
            }
            if (++lost == ClaimAttempts) return false;
        }
        return analysis is not null && await StartAnalysisAsync(worker, analysis, ct);
    }

    async Task SendRunAsync(ConnectedWorker worker, RunSummary run, CancellationToken ct)
    {
        registry.SetCurrentRun(worker.ConnectionId, run.Id);
        try
        {
            await hub.Groups.AddToGroupAsync(worker.ConnectionId, ServerInstance.RunGroup(run.Id), ct);
            await hub.Clients.Client(worker.ConnectionId).AssignRun(new RunAssignment(run.Id, run.Spec, run.LastSequence + 1)
            {
                Uploads = await uploads.ReferencesAsync(run.Spec, ct),
            });
            logger.LogInformation("Run {RunId} assigned to worker {Worker}", run.Id, worker.Name);
        }
        catch (Exception ex)
        {
            // The connection went away between the choice and the send: the run goes back to the queue.
            logger.LogWarning(ex, "Could not send run {RunId} to worker {Worker}", run.Id, worker.Name);
            registry.Remove(worker.ConnectionId);
            await queue.PutBackAsync(run.Id, me.Id, ct);
        }
    }

    /// <summary>Whether the analysis left the queue: started here, or failed (its weights could not be read).</summary>
    async Task<bool> StartAnalysisAsync(ConnectedWorker worker, AnalysisSummary analysis, CancellationToken ct)
    {
        registry.SetCurrentRun(worker.ConnectionId, analysis.RunId);
        var assignment = await analyses.StartAnalysisAsync(analysis.Id, worker.Name, me.Id, ct);
        if (assignment is null)
        {
            registry.SetCurrentRun(worker.ConnectionId, null);
            // Still queued: another instance is starting an analysis of its run; the next pump looks again.
            return (await analyses.GetAnalysisAsync(analysis.Id, ct))?.Status != AnalysisStatus.Queued;
        }
        try
        {
            await hub.Groups.AddToGroupAsync(worker.ConnectionId, ServerInstance.RunGroup(analysis.RunId), ct);
            await hub.Clients.Client(worker.ConnectionId).AnalyseCheckpoint(assignment);
            logger.LogInformation("Analysis {Label} of run {RunId} assigned to worker {Worker}", analysis.Label, analysis.RunId, worker.Name);
        }
        catch (Exception ex)
        {
            // The run is already re-opened: close it again; its training results stand.
            logger.LogWarning(ex, "Could not send analysis {Label} of run {RunId} to worker {Worker}", analysis.Label, analysis.RunId, worker.Name);
            registry.Remove(worker.ConnectionId);
            await store.EndAsync(analysis.RunId, RunStatus.Failed, $"it could not be sent to worker '{worker.Name}' ({ex.Message}); request it again", ct);
        }
        return true;
    }

    /// <summary>A queued run ends at once; a running one is stopped by its worker, which reports Cancelled.</summary>
    public async Task<bool> CancelAsync(Guid runId, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            var run = await results.GetAsync(runId, ct);
            if (run is null || run.Status.IsTerminal()) return false;
            if (registry.FindByRun(runId) is { } worker)
            {
                await hub.Clients.Client(worker.ConnectionId).CancelRun(new RunCancellation(runId));
                return true;
            }
            // On a worker of another live instance: through the run's group, which the backplane carries to that instance.
            if (await queue.HeldAsync(runId, ct) is { HeldBy: { } holder } held && holder != me.Id
                && (held.Status == RunStatus.Running || held.Worker is not null) && await roster.IsLiveAsync(holder, ct))
            {
                await hub.Clients.Group(ServerInstance.RunGroup(runId)).CancelRun(new RunCancellation(runId));
                return true;
            }
            return await store.EndAsync(runId, RunStatus.Cancelled, "Cancelled before a worker started it.", ct);
        }
        finally { gate.Release(); }
    }

    /// <summary>
    /// Adds a worker that registered, with the run it claims (its run in hand after a reconnect or a server restart) when
    /// that run is still live and no other worker has it. Returns the worker as added: without the run, the worker
    /// must drop it (the caller tells it to).
    /// </summary>
    public async Task<ConnectedWorker> RegisterAsync(ConnectedWorker worker, Guid? claimed, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            Guid? kept = null;
            var run = claimed is { } runId ? await results.GetAsync(runId, ct) : null;
            // A worker away within its reconnect grace still holds its run; only the same worker, with the same token, takes it back.
            var holder = run is null ? null : registry.Holder(run.Id);
            // Whichever instance held it (the worker moved, or that instance is gone), this one holds it now; a run put back in
            // the queue after a restart is this worker's again.
            if (run is not null && !run.Status.IsTerminal() && (holder is null || (holder.WorkerId == worker.WorkerId && holder.TokenId == worker.TokenId))
                && await queue.TakeOverAsync(run.Id, worker.Name, me.Id, ct))
                kept = run.Id;
            var added = worker with { CurrentRunId = kept };
            registry.Add(added);
            if (kept is { } taken) await hub.Groups.AddToGroupAsync(worker.ConnectionId, ServerInstance.RunGroup(taken), ct);
            if (claimed is not null)
                logger.LogInformation("Worker {Worker} claimed run {RunId}: {Outcome}", added.Description, claimed, kept is null ? "refused" : "kept");
            return added;
        }
        finally { gate.Release(); }
    }

    /// <summary>
    /// The server could not store a run's events (<paramref name="reason"/> in words): the run fails, and its worker is free.
    /// </summary>
    public async Task FailUnstorableAsync(Guid runId, string reason)
    {
        try
        {
            if (await store.EndAsync(runId, RunStatus.Failed, reason))
                logger.LogError("Run {RunId} failed: {Reason}", runId, reason);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} could not even be marked failed ({Reason})", runId, reason);
        }
        await ReleaseAsync(runId);
        await PumpAsync();
    }

    /// <summary>Called after events are stored: a finished run frees its worker for the next one.</summary>
    public async Task OnEventsStoredAsync(IReadOnlyList<RunEvent> stored)
    {
        var ended = stored.Where(e => e.Status?.Status.IsTerminal() == true).Select(e => e.RunId).ToList();
        foreach (var runId in ended) await ReleaseAsync(runId);
        if (ended.Count > 0) await PumpAsync();
    }

    /// <summary>Frees the worker that had the run, and takes its connection out of the run's group.</summary>
    async Task ReleaseAsync(Guid runId)
    {
        if (registry.FindByRun(runId) is { } worker) await hub.Groups.RemoveFromGroupAsync(worker.ConnectionId, ServerInstance.RunGroup(runId));
        registry.ReleaseRun(runId);
    }

    /// <summary>
    /// A worker is gone for good: its run fails with a reason that names it, or, if it was analysing a saved
    /// checkpoint, the run ends completed with that reason as the analysis's error; only while this instance holds the run
    /// (its worker may have registered with another instance meanwhile and taken it there).
    /// </summary>
    public async Task WorkerLostAsync(ConnectedWorker worker, string how)
    {
        registry.Remove(worker.ConnectionId);
        if (worker.CurrentRunId is { } runId)
        {
            var reason = $"Lost worker {worker.Description}: {how}";
            if (await store.EndIfHeldAsync(runId, me.Id, RunStatus.Failed, reason))
                logger.LogWarning("Run {RunId} failed: {Reason}", runId, reason);
        }
        await PumpAsync();
    }
}
