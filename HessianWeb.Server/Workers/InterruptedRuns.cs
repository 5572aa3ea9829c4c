using HessianWeb.Server.Runs;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// After a restart, the runs that were on workers are not failed at once: a remote worker reconnects (with back-off)
/// and claims its run by registering with it, then resends what the old server had not acknowledged. Once the
/// reconnect grace has passed, the runs nobody claimed are settled (<see cref="RunScheduler.SettleInterruptedAsync"/>).
/// </summary>
public sealed class InterruptedRuns(
    RunQueue queue, RunScheduler scheduler, IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, ILogger<InterruptedRuns> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }
        var interrupted = await queue.GetInterruptedAsync(stoppingToken);
        if (interrupted.Count == 0) return;
        var grace = options.Value.ReconnectGrace;
        logger.LogWarning("{Count} runs were on workers when the server last stopped; their workers have {Grace} s to claim them",
            interrupted.Count, grace.TotalSeconds);
        try { await Task.Delay(grace, stoppingToken); }
        catch (OperationCanceledException) { return; }
        // A background service's exception stops the whole host: a store that cannot take the failures now (a full disk,
        // say) is said in the log, and the dashboard stays up.
        try { await scheduler.SettleInterruptedAsync(interrupted, grace, stoppingToken); }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The runs a restart interrupted could not be settled");
        }
    }
}
