namespace HessianWeb.Client.Worker;

/// <summary>How artifacts move (<see cref="ArtifactTransfer"/>): chunk size and the bounds on retrying.</summary>
/// <param name="ChunkBytes">Bytes per upload request: a few MiB, so a large file never sits whole in one request.</param>
/// <param name="Attempts">Tries of one request (a chunk, the completion, a download) before the transfer fails.</param>
/// <param name="FirstBackoff">The pause before the second try; it doubles with each further try, up to <paramref name="MaxBackoff"/>.</param>
/// <param name="WholeFileAttempts">Times a whole file is sent or fetched again when its SHA-256 comes out different.</param>
/// <param name="RequestTimeout">The most one request may take.</param>
/// <param name="SlowestBytesPerSecond">With <paramref name="BaseDuration"/>, bounds a whole transfer: a file of N bytes must
/// be through within BaseDuration + N / SlowestBytesPerSecond, however its requests fare.</param>
public sealed record ArtifactTransferPolicy(
    int ChunkBytes, int Attempts, TimeSpan FirstBackoff, TimeSpan MaxBackoff, int WholeFileAttempts, TimeSpan RequestTimeout,
    TimeSpan BaseDuration, long SlowestBytesPerSecond)
{
    /// <summary>
    /// 4 MiB chunks; 6 tries a request with pauses of 0.5, 1, 2, 4, 8 s (15.5 s in all); a file twice; 5 minutes a request;
    /// a whole transfer 10 minutes plus a second per MB (a 1.2 GB data set: 30 minutes).
    /// </summary>
    public static ArtifactTransferPolicy Default { get; } =
        new(4 << 20, 6, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(8), 2, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), 1_000_000);

    public TimeSpan MaxDuration(long bytes) => BaseDuration + TimeSpan.FromSeconds((double)bytes / SlowestBytesPerSecond);

    public TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 20)));
}
