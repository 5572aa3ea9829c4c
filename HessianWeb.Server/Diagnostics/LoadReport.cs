using System.Text.Encodings.Web;
using System.Text.Json;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// What the <c>load</c> command measured: the live renders of the viewers whose run's worker is on their own server
/// (same instance) and of those whose run's worker is on the other one (its events cross over the Redis relay), each
/// server's working set and CPU time, and what went wrong, in words; printed as lines and as one JSON line.
/// </summary>
/// <param name="Seconds">The measured window: from the first worker's start until every run ended (or the wait gave up).</param>
/// <param name="RunProblems">Runs that did not complete, each with why.</param>
public sealed record LoadReport(
    int Viewers, int Runs, string Store, bool Redis, double Seconds,
    ViewerGroup SameInstance, ViewerGroup CrossInstance, IReadOnlyList<ServerUsage> Servers, IReadOnlyList<string> RunProblems)
{
    public bool Ok => Failures().Count == 0;

    public IReadOnlyList<string> Failures()
    {
        var failures = new List<string>(RunProblems);
        if (SameInstance.Watching < SameInstance.Viewers)
            failures.Add($"{SameInstance.Viewers - SameInstance.Watching} of {SameInstance.Viewers} same-instance viewers never rendered a live event.");
        if (CrossInstance is { Viewers: > 0, Watching: 0 })
            failures.Add($"Cross-instance viewers got no live events: none of the {CrossInstance.Viewers} viewers watching a run whose worker is on the other server rendered one"
                + (Redis ? ", although --redis was given: the run-event relay did not carry them." : " (no --redis: without the Redis relay a server hears only its own workers' events)."));
        else if (CrossInstance.Watching < CrossInstance.Viewers)
            failures.Add($"{CrossInstance.Viewers - CrossInstance.Watching} of {CrossInstance.Viewers} cross-instance viewers never rendered a live event.");
        return failures;
    }

    public IEnumerable<string> Lines()
    {
        yield return $"load: {Viewers} viewers on {Runs} runs over two servers ({Store}{(Redis ? " + Redis" : ", no Redis")}), measured for {Seconds:0.0} s";
        yield return Describe("same-instance viewers (the run's worker on their server)", SameInstance);
        yield return Describe($"cross-instance viewers (the run's worker on the other server{(Redis ? ", events via Redis" : "")})", CrossInstance);
        foreach (var server in Servers)
        {
            yield return $"  {server.Name}: working set min {Mb(server.WorkingSetBytes.DefaultIfEmpty().Min())} MB, max {Mb(server.WorkingSetBytes.DefaultIfEmpty().Max())} MB, "
                + $"end {Mb(server.WorkingSetBytes.LastOrDefault())} MB; CPU {server.CpuSeconds:0.0} s in the window ({100 * server.CpuSeconds / Math.Max(Seconds, 1e-9):0} % of one core)";
            yield return $"    working set every 5 s (MB): {string.Join(' ', server.WorkingSetBytes.Where((_, i) => i % 5 == 0).Select(Mb))}";
        }
        foreach (var failure in Failures()) yield return $"  FAILED: {failure}";
        yield return Json();
    }

    static string Describe(string title, ViewerGroup group) => group.Renders.Renders == 0
        ? $"  {title}: {group.Viewers}, none rendered a live event"
        : $"  {title}: {group.Watching} of {group.Viewers} rendered live events; {group.Renders.Renders:N0} renders, "
          + $"lag from an event's creation to the render that shows it: p50 {group.Renders.P50Ms:0} ms, p95 {group.Renders.P95Ms:0} ms, max {group.Renders.MaxMs:0} ms";

    static long Mb(long bytes) => (long)Math.Round(bytes / 1_048_576.0);

    static double Round(double value) => Math.Round(value, 1);

    /// <summary>The whole report as one line of JSON, for scripts and for the README's table.</summary>
    public string Json() => JsonSerializer.Serialize(new
    {
        command = "load",
        viewers = Viewers,
        runs = Runs,
        store = Store,
        redis = Redis,
        seconds = Round(Seconds),
        sameInstance = Group(SameInstance),
        crossInstance = Group(CrossInstance),
        servers = Servers.Select(s => new
        {
            name = s.Name,
            workingSetMb = new { min = Mb(s.WorkingSetBytes.DefaultIfEmpty().Min()), max = Mb(s.WorkingSetBytes.DefaultIfEmpty().Max()), end = Mb(s.WorkingSetBytes.LastOrDefault()) },
            cpuSeconds = Round(s.CpuSeconds),
        }),
        ok = Ok,
        failures = Failures(),
    }, Readable);

    // The failures are sentences for people: apostrophes as themselves, not \u0027.
    static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static object Group(ViewerGroup g) => new
    {
        viewers = g.Viewers,
        watching = g.Watching,
        renders = g.Renders.Renders,
        p50Ms = Round(g.Renders.P50Ms),
        p95Ms = Round(g.Renders.P95Ms),
        maxMs = Round(g.Renders.MaxMs),
    };
}

/// <param name="Viewers">The viewers placed in the group.</param>
/// <param name="Watching">How many of them rendered at least one live event.</param>
public sealed record ViewerGroup(int Viewers, int Watching, LiveRenderReport Renders);

/// <param name="WorkingSetBytes">Sampled once a second from when the server answered.</param>
/// <param name="CpuSeconds">User and system CPU time within the measured window.</param>
public sealed record ServerUsage(string Name, IReadOnlyList<long> WorkingSetBytes, double CpuSeconds);
