using System.Runtime.CompilerServices;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// How far behind its run a live page is: each render of a run page that shows new live events records the time from
/// the newest of those events' creation on the worker (<c>RunEvent.Timestamp</c>) to the moment the render batch
/// leaves for the browser. Read by the <c>live-load</c> command (<see cref="LiveLoadCommand"/>) in its own process, and
/// by the <c>load</c> command from each server it starts through <see cref="DiagnosticsApi"/>.
/// </summary>
/// <remarks>Worker and server share a clock only on one machine; across machines the figure includes their offset.</remarks>
public sealed class LiveRenderLag
{
    const int MaxSamples = 100_000;

    readonly object gate = new();
    readonly List<LiveRender> samples = [];

    public void Record(object page, Guid runId, DateTimeOffset newestEvent)
    {
        var now = DateTimeOffset.UtcNow;
        // The page by its identity hash: a closed page must not be kept alive by its samples.
        lock (gate)
            if (samples.Count < MaxSamples) samples.Add(new LiveRender(runId, RuntimeHelpers.GetHashCode(page), (now - newestEvent).TotalMilliseconds, now));
    }

    public void Clear()
    {
        lock (gate) samples.Clear();
    }

    /// <summary>The renders recorded since the last <see cref="Clear"/> (at most 100,000; later ones are not kept).</summary>
    public IReadOnlyList<LiveRender> Renders()
    {
        lock (gate) return [.. samples];
    }

    /// <summary>The renders recorded since the last <see cref="Clear"/>, summarised.</summary>
    public LiveRenderReport Report() => LiveRenderReport.Of(Renders());
}

/// <summary>One render of a run page that showed new live events.</summary>
/// <param name="Page">The page's identity hash: tells pages of one process apart.</param>
public sealed record LiveRender(Guid Run, int Page, double LagMs, DateTimeOffset At);

/// <param name="BusiestSecond">The most renders one page made within any one second.</param>
public sealed record LiveRenderReport(int Renders, int Pages, double P50Ms, double P95Ms, double P99Ms, double MaxMs, int BusiestSecond)
{
    public static LiveRenderReport Of(IReadOnlyCollection<LiveRender> renders)
    {
        if (renders.Count == 0) return new LiveRenderReport(0, 0, 0, 0, 0, 0, 0);
        var lags = renders.Select(s => s.LagMs).Order().ToArray();
        double Quantile(double q) => lags[Math.Min(lags.Length - 1, (int)Math.Ceiling(q * lags.Length) - 1)];
        // Renders per page per second: the busiest one-second window of any page.
        var busiest = renders.GroupBy(s => s.Page).Max(page =>
        {
            var times = page.Select(s => s.At).Order().ToArray();
            var most = 0;
            for (int start = 0, end = 0; end < times.Length; end++)
            {
                while (times[end] - times[start] > TimeSpan.FromSeconds(1)) start++;
                most = Math.Max(most, end - start + 1);
            }
            return most;
        });
        return new LiveRenderReport(renders.Count, renders.Select(s => s.Page).Distinct().Count(), Quantile(0.5), Quantile(0.95), Quantile(0.99), lags[^1], busiest);
    }
}
