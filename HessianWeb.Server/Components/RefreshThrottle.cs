using Microsoft.JSInterop;

namespace HessianWeb.Server.Components;

/// <summary>
/// Folds a burst of change notifications into one refresh per interval: a run streams hundreds of
/// events a second, and a page that re-rendered (and pushed to its charts) for each would fall behind.
/// The first request in a quiet period starts the interval; the refresh runs at its end and sees
/// everything that arrived meanwhile. So while changes keep coming there is one refresh an interval, and the last
/// change is always followed by one.
/// </summary>
/// <param name="clock">Whose time the interval is measured in (a test's fake one steps it by hand); the system's by default.</param>
public sealed class RefreshThrottle(TimeSpan interval, Func<Task> refresh, ILogger logger, TimeProvider? clock = null) : IDisposable
{
    readonly TimeProvider clock = clock ?? TimeProvider.System;
    readonly CancellationTokenSource stopping = new();
    int scheduled;

    public void Request()
    {
        if (stopping.IsCancellationRequested || Interlocked.Exchange(ref scheduled, 1) == 1) return;
        _ = RefreshAfterIntervalAsync();
    }

    async Task RefreshAfterIntervalAsync()
    {
        try { await Task.Delay(interval, clock, stopping.Token); }
        catch (OperationCanceledException) { return; }
        // Cleared before refreshing, so a change during the refresh schedules the next one.
        Volatile.Write(ref scheduled, 0);
        try { await refresh(); }
        catch (Exception ex) when (ex is ObjectDisposedException or JSDisconnectedException or OperationCanceledException)
        {
            // The page closed meanwhile: nobody is left to show the change to.
        }
        catch (Exception ex)
        {
            // Nothing awaits this task; say what went wrong instead of losing it.
            logger.LogError(ex, "Refreshing the page failed");
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}
