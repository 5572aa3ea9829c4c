using System.Collections.Concurrent;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// A run page's events: the stored ones, then the live ones, applied to <see cref="Progress"/> in sequence order.
/// Whatever the page may have missed is read from the store (the events after the last one applied): at first, when
/// its subscription fell behind (<see cref="MarkBehind"/>), or when a live event skips past the next sequence number.
/// So a page ends with every stored event, whatever order the live ones came in.
/// </summary>
/// <remarks>
/// The store publishes each run's events in sequence order, inside its write lock, so in practice a gap means the
/// subscription's queue overflowed, or the worker skipped a number (a gap the store keeps: reading it once moves on).
/// </remarks>
public sealed class RunFeed(RunResults results, Guid runId)
{
    readonly ConcurrentQueue<RunEvent> inbox = new();
    // 1 until the stored events are read, and again whenever the subscription fell behind.
    int behind = 1;

    public RunProgress Progress { get; } = new();

    /// <summary>Whether <see cref="ApplyAsync"/> has anything to do.</summary>
    public bool Pending => !inbox.IsEmpty || Volatile.Read(ref behind) == 1;

    /// <summary>A live event, to apply at the next <see cref="ApplyAsync"/>; called from the notifier's thread.</summary>
    public void Enqueue(RunEvent e) => inbox.Enqueue(e);

    /// <summary>The subscription left events out (its queue was full): the next <see cref="ApplyAsync"/> reads them from the store.</summary>
    public void MarkBehind() => Volatile.Write(ref behind, 1);

    /// <summary>
    /// Applies what came since the last call, reading from the store what was missed; says whether the status
    /// changed and when the newest live event applied was made (null: none).
    /// </summary>
    public async Task<FeedUpdate> ApplyAsync(CancellationToken ct = default)
    {
        var live = new List<RunEvent>();
        while (inbox.TryDequeue(out var e)) live.Add(e);
        live.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));

        IReadOnlyList<RunEvent> missed = [];
        if (Interlocked.Exchange(ref behind, 0) == 1 || SkipsAhead(live))
        {
            try { missed = await results.GetEventsAsync(runId, Progress.LastSequence, ct); }
            catch
            {
                // The live events taken are stored: the next call reads them with the rest.
                MarkBehind();
                throw;
            }
        }
        var statusChanged = false;
        foreach (var e in missed.Concat(live)) statusChanged |= Progress.Apply(e) && e.Kind == RunEventKind.Status;
        // Each live event taken is on the page after this update, applied now or read from the store just before.
        return new FeedUpdate(statusChanged, live.Count > 0 ? live.Max(e => e.Timestamp) : null);
    }

    /// <summary>Whether the live events, in order, leave out a sequence number after the last one applied.</summary>
    bool SkipsAhead(IReadOnlyList<RunEvent> live)
    {
        var expected = Progress.LastSequence + 1;
        foreach (var e in live)
        {
            if (e.Sequence < expected) continue; // applied already
            if (e.Sequence > expected) return true;
            expected++;
        }
        return false;
    }
}

/// <param name="StatusChanged">A status event was applied: the page re-reads the run's summary (times, worker).</param>
/// <param name="NewestLive">When the newest live event applied was made, for <see cref="Diagnostics.LiveRenderLag"/>.</param>
public readonly record struct FeedUpdate(bool StatusChanged, DateTimeOffset? NewestLive);
