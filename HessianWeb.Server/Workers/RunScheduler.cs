using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.SignalR;

namespace HessianWeb.Server.Workers;

/// <summary>
/// Hands queued runs and analyses to idle workers, oldest first, one per worker; cancels runs; fails the
/// run of a worker that is gone (an analysing run ends completed instead: its training stands). Every
/// decision happens under one lock, so nothing is given twice.
/// </summary>
public sealed class RunScheduler(
    RunStore store, RunQueue queue, AnalysisQueue analyses, RunResults results, WorkerRegistry registry, IHubContext<ComputeHub, IComputeWorker> hub, ILogger<RunScheduler> logger)
{
    readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>
    /// Gives idle workers the oldest waiting work: a queued run, or a queued analysis of a completed run's
    /// saved checkpoint.
    /// </summary>
    public async Task PumpAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            while (registry.FirstIdle() is { } worker)
            {
                var run = await queue.NextUnassignedAsync(ct);
                var analysis = await analyses.NextQueuedAnalysisAsync(ct);
                if (analysis is not null && (run is null || analysis.CreatedAt < run.CreatedAt)) await StartAnalysisAsync(worker, analysis, ct);
                else if (run is not null) await AssignRunAsync(worker, run, ct);
                else break;
            }
        }
        finally { gate.Release(); }
    }

    async Task AssignRunAsync(ConnectedWorker worker, RunSummary run, CancellationToken ct)
    {
        registry.SetCurrentRun(worker.ConnectionId, run.Id);
        await store.MarkAssignedAsync(run.Id, worker.Name, ct);
        try
        {
            await hub.Clients.Client(worker.ConnectionId).AssignRun(new RunAssignment(run.Id, run.Spec, run.LastSequence + 1));
            logger.LogInformation("Run {RunId} assigned to worker {Worker}", run.Id, worker.Name);
        }
        catch (Exception ex)
        {
            // The connection went away between the choice and the send: the run stays queued.
            logger.LogWarning(ex, "Could not send run {RunId} to worker {Worker}", run.Id, worker.Name);
            registry.Remove(worker.ConnectionId);
            await store.MarkAssignedAsync(run.Id, null, ct);
        }
    }

    async Task StartAnalysisAsync(ConnectedWorker worker, AnalysisSummary analysis, CancellationToken ct)
    {
        registry.SetCurrentRun(worker.ConnectionId, analysis.RunId);
        var assignment = await analyses.StartAnalysisAsync(analysis.Id, worker.Name, ct);
        if (assignment is null)
        {
            registry.SetCurrentRun(worker.ConnectionId, null);
            return;
        }
        try
        {
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
            if (run is not null && !run.Status.IsTerminal() && (holder is null || (holder.WorkerId == worker.WorkerId && holder.TokenId == worker.TokenId)))
            {
                kept = run.Id;
                // A run put back in the queue after a restart is this worker's again.
                if (run.Status == RunStatus.Queued && run.Worker != worker.Name) await store.MarkAssignedAsync(run.Id, worker.Name, ct);
            }
            var added = worker with { CurrentRunId = kept };
            registry.Add(added);
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
        registry.ReleaseRun(runId);
        await PumpAsync();
    }

    /// <summary>
    /// After a restart: the runs that were on workers when the server stopped (<paramref name="interrupted"/>) and that no
    /// worker has claimed since (within the reconnect grace). A run that was running fails, saying so; one that was only
    /// given to a worker goes back to the queue.
    /// </summary>
    public async Task SettleInterruptedAsync(IReadOnlyList<RunSummary> interrupted, TimeSpan grace, CancellationToken ct = default)
    {
        var requeued = 0;
        await gate.WaitAsync(ct);
        try
        {
            foreach (var before in interrupted)
            {
                var run = await results.GetAsync(before.Id, ct);
                if (run is null || run.Status.IsTerminal() || registry.FindByRun(run.Id) is not null) continue;
                if (run.Status == RunStatus.Queued)
                {
                    await store.MarkAssignedAsync(run.Id, null, ct);
                    requeued++;
                    continue;
                }
                var reason = $"The server restarted while worker '{run.Worker}' had this run, and the worker did not come back to claim it " +
                    $"within {grace.TotalSeconds:0} s; its work since the last stored event (#{run.LastSequence}) is lost.";
                if (await store.EndAsync(run.Id, RunStatus.Failed, reason, ct)) logger.LogWarning("Run {RunId} failed: {Reason}", run.Id, reason);
            }
        }
        finally { gate.Release(); }
        if (requeued > 0) await PumpAsync(ct);
    }

    /// <summary>Called after events are stored: a finished run frees its worker for the next one.</summary>
    public async Task OnEventsStoredAsync(IReadOnlyList<RunEvent> stored)
    {
        var ended = stored.Where(e => e.Status?.Status.IsTerminal() == true).Select(e => e.RunId).ToList();
        foreach (var runId in ended) registry.ReleaseRun(runId);
        if (ended.Count > 0) await PumpAsync();
    }

    /// <summary>
    /// A worker is gone for good: its run fails with a reason that names it, or, if it was analysing a saved
    /// checkpoint, the run ends completed with that reason as the analysis's error.
    /// </summary>
    public async Task WorkerLostAsync(ConnectedWorker worker, string how)
    {
        registry.Remove(worker.ConnectionId);
        if (worker.CurrentRunId is { } runId)
        {
            var reason = $"Lost worker {worker.Description}: {how}";
            if (await store.EndAsync(runId, RunStatus.Failed, reason))
                logger.LogWarning("Run {RunId} failed: {Reason}", runId, reason);
        }
        await PumpAsync();
    }
}
