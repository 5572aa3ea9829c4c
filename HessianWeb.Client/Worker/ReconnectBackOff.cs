namespace HessianWeb.Client.Worker;

/// <summary>
/// How long to wait before the next attempt to reach the server: exponential from <see cref="First"/>, capped at
/// <see cref="Cap"/>, with "equal jitter" (half the step fixed, half random) so that many workers cut off together
/// do not knock on the server in step; none once <see cref="GiveUpAfter"/> has passed without the server.
/// </summary>
public sealed class ReconnectBackOff(TimeSpan giveUpAfter, Random? random = null)
{
    public TimeSpan GiveUpAfter { get; } = giveUpAfter;
    public TimeSpan First { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest wait between attempts: after the server comes back, the worker is back within about this.</summary>
    public TimeSpan Cap { get; init; } = TimeSpan.FromSeconds(10);

    readonly Random random = random ?? Random.Shared;

    /// <param name="attempt">Attempts that failed since the server was last reached (0 for the first wait).</param>
    /// <param name="elapsed">Time since the server was last reached.</param>
    /// <returns>The wait, never past the give-up time; null when it is time to give up.</returns>
    public TimeSpan? NextDelay(int attempt, TimeSpan elapsed)
    {
        if (elapsed >= GiveUpAfter) return null;
        var ceiling = Math.Min(Cap.TotalSeconds, First.TotalSeconds * Math.Pow(2, Math.Min(attempt, 30)));
        var seconds = ceiling / 2 + random.NextDouble() * ceiling / 2;
        return TimeSpan.FromSeconds(Math.Min(seconds, (GiveUpAfter - elapsed).TotalSeconds));
    }
}
