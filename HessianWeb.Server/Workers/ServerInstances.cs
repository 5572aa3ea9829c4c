using HessianWeb.Server.Runs;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// This instance among those sharing the store: it joins at start, beats every <see cref="ScalingOptions.HeartbeatInterval"/>
/// (with its workers, for the submit check of every instance), and leaves at a graceful stop. Each beat also settles the runs
/// of gone instances (<see cref="InterruptedRuns"/>), removes long gone rows, and pumps; a change of the run list pumps too,
/// so runs queued on another instance (relayed to this notifier) reach the idle workers here.
/// </summary>
public sealed class ServerInstances(
    ServerInstanceRoster roster, InterruptedRuns interrupted, RunScheduler scheduler, WorkerRegistry registry, RunNotifier notifier,
    ServerInstance me, IOptions<ScalingOptions> scaling, IOptions<WorkerOptions> workers, TimeProvider clock, ILogger<ServerInstances> logger)
    : IHostedService
{
    readonly CancellationTokenSource stopping = new();
    IDisposable? runListChanges;
    Task beating = Task.CompletedTask;

    public async Task StartAsync(CancellationToken ct)
    {
        await roster.JoinAsync(ct);
        logger.LogInformation("Server instance {Name} ({Id}) joined", me.Name, me.Id);
        await interrupted.NoteAsync(ct);
        runListChanges = notifier.SubscribeToRunList(() => QuietlyAsync(scheduler.PumpAsync, "pump"));
        beating = BeatEveryIntervalAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        runListChanges?.Dispose();
        await stopping.CancelAsync();
        await beating;
        try { await roster.LeaveAsync(ct); }
        catch (Exception ex) { logger.LogWarning(ex, "Server instance {Name} could not say it is leaving; the others will see it gone after the timeout", me.Name); }
    }

    /// <summary>One beat: alive, with these workers; the runs of gone instances settled; long gone rows removed; idle workers given work.</summary>
    public async Task BeatAsync(CancellationToken ct = default)
    {
        await roster.BeatAsync(registry.All.Select(WorkerCapacities.Of).ToList(), ct);
        await interrupted.SettleAsync(ct);
        await roster.RemoveLongGoneAsync(workers.Value.ReconnectGrace, ct);
        await scheduler.PumpAsync(ct);
    }

    async Task BeatEveryIntervalAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(scaling.Value.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) await QuietlyAsync(BeatAsync, "beat");
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>A store that fails now (a full disk, a restarting database) is said in the log; the next beat tries again.</summary>
    async Task QuietlyAsync(Func<CancellationToken, Task> step, string what)
    {
        try { await step(stopping.Token); }
        catch (Exception ex)
        {
            if (!stopping.IsCancellationRequested) logger.LogError(ex, "Server instance {Name} could not {What}", me.Name, what);
        }
    }
}
