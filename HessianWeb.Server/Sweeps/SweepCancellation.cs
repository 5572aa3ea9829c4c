using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Sweeps;

/// <summary>Ends a sweep's runs that have not ended: the queued ones first, so none of them starts meanwhile, then the running ones.</summary>
public static class SweepCancellation
{
    /// <returns>How many runs were cancelled or asked to stop; null for an unknown sweep.</returns>
    public static async Task<int?> CancelAsync(SweepStore sweeps, RunScheduler scheduler, Guid sweepId, CancellationToken ct = default)
    {
        if (await sweeps.GetRunStatusesAsync(sweepId, ct) is not { } runs) return null;
        var open = runs.Where(r => !r.Status.IsTerminal()).OrderBy(r => r.Status == RunStatus.Queued ? 0 : 1).ToList();
        var cancelled = 0;
        foreach (var run in open)
            if (await scheduler.CancelAsync(run.Id, ct)) cancelled++;
        return cancelled;
    }
}
