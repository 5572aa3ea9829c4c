namespace HessianWeb.Tests.Hosting;

/// <summary>
/// Waits for a condition on what another process shows (a server's API, a database), read again every
/// <see cref="Interval"/> until it holds or the timeout passes; the timeout's message says what was read last.
/// For state in this process, wait on its events instead (RunningServer.WaitForRunAsync).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan timeout, Func<T, string> describe)
    {
        using var timer = new PeriodicTimer(Interval);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (holds(value)) return value;
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {describe(value)}");
            await timer.WaitForNextTickAsync();
        }
    }
}
