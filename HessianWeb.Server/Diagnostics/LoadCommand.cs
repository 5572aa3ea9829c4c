using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HessianWeb.Shared;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// <c>dotnet run -c Release --project HessianWeb.Server -- load [--viewers 100] [--runs 4] [--store postgresql
/// --connection CS] [--redis CONFIG]</c>: two server instances (processes) on one store and one artifacts directory,
/// R live runs, each on a worker of its own (half on each server), and V viewers, run pages in headless Chromium, half
/// on each server, so that half watch a run whose worker is on the other server and see its events only through the
/// Redis relay. Prints the lag from an event's creation to the render that shows it (<see cref="LiveRenderLag"/>, read
/// from each server) for same- and cross-instance viewers, each server's working set and CPU time, and one JSON line.
/// </summary>
/// <remarks>
/// It starts the servers itself, rather than measuring servers a reader already runs, because it reads their working
/// set and CPU time from their processes, and so that one command line is the whole set-up. Unlike <c>live-load</c>,
/// the runs are real: the built HessianWeb.Client trains them and reports through the compute hub, so the lag includes
/// the worker's batching and the hop to its server.
/// </remarks>
public static class LoadCommand
{
    static readonly TimeSpan ViewersTimeout = TimeSpan.FromSeconds(180);
    static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(120);
    static readonly TimeSpan RunsTimeout = TimeSpan.FromMinutes(20);
    static readonly string[] Ended = ["completed", "failed", "cancelled", "diverged"];

    /// <returns>The exit code: 0 when every viewer saw live events and every run completed, else 1.</returns>
    public static async Task<int> RunAsync(LoadOptions options, TextWriter output)
    {
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted.Cancel(); };
        var ct = interrupted.Token;
        var servers = new List<LoadServer>();
        var workers = new List<LoadWorker>();
        HeadlessChromium? browser = null;
        string? database = null;
        try
        {
            if (options.PostgreSql) database = await LoadDatabase.CreateAsync(options.Connection!, ct);
            for (var i = 0; i < LoadOptions.Instances.Count; i++)
            {
                var instance = i;
                servers.Add(await LoadServer.StartAsync(LoadOptions.Instances[i], port => options.ServerArgs(instance, port, database), ct));
            }
            output.WriteLine($"load: servers {string.Join(" and ", servers.Select(s => $"{s.Name} at {s.Address}"))} on {options.Store}{(options.Redis is null ? " without Redis" : $" with Redis {options.Redis}")}.");

            // Queued first, watched, and only then started: the viewers see each run from its first epoch.
            var runs = new List<Guid>();
            for (var r = 0; r < options.Runs; r++)
            {
                using var created = await servers[r % 2].Api.PostAsJsonAsync("/api/runs", options.Spec(r), JsonFormat.Options, ct);
                created.EnsureSuccessStatusCode();
                runs.Add((await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<Guid>());
            }

            var viewers = options.ViewerPlacement();
            var share = await ShareAsync(servers[0], runs, ct);
            browser = await HeadlessChromium.StartAsync("load");
            foreach (var (instance, run) in viewers) await browser.OpenTabAsync(new Uri(servers[instance].Address, $"/runs/{runs[run]}?{share}"));
            var opened = Stopwatch.StartNew();
            await WaitForViewersAsync(servers, runs, viewers, ct);
            output.WriteLine($"  {viewers.Count} viewers open in headless Chromium after {opened.Elapsed.TotalSeconds:0.0} s; starting {options.Runs} workers, one at a time.");

            var window = Stopwatch.StartNew();
            var cpuBefore = servers.Select(s => s.CpuTime).ToList();
            for (var w = 0; w < options.Runs; w++)
            {
                workers.Add(LoadWorker.Start(servers[w % 2].Address, $"{LoadOptions.Instances[w % 2]}-w{w + 1}"));
                // One at a time: a worker takes the oldest waiting run, so each server's workers take the runs made on it.
                await WaitForAsync(async () => (await SummariesAsync(servers[0], runs, ct)).Count(s => s["worker"] is not null) > w,
                    WorkerTimeout, $"Worker {w + 1} did not take a run within {WorkerTimeout.TotalSeconds:0} s.", ct);
            }
            var summaries = await WaitForRunsAsync(servers[0], runs, output, window, ct);
            var seconds = window.Elapsed.TotalSeconds;
            var usage = servers.Select((s, i) => new ServerUsage(s.Name, s.WorkingSet, (s.CpuTime - cpuBefore[i]).TotalSeconds)).ToList();

            var holders = summaries.Select((s, r) => Holder(s["worker"]?.GetValue<string>()) ?? r % 2).ToList();
            var renders = new List<(int Instance, LiveRender Render)>();
            for (var i = 0; i < servers.Count; i++)
                foreach (var render in (await servers[i].Api.GetFromJsonAsync<List<LiveRender>>("/api/diagnostics/live-renders", JsonFormat.Options, ct))!)
                    renders.Add((i, render));
            var report = new LoadReport(options.Viewers, options.Runs, options.Store, options.Redis is not null, seconds,
                Group(viewers, renders, runs, holders, same: true), Group(viewers, renders, runs, holders, same: false), usage,
                summaries.Select(RunProblem).OfType<string>().ToList());
            foreach (var line in report.Lines()) output.WriteLine(line);
            return report.Ok ? 0 : 1;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException or OperationCanceledException or FileNotFoundException or System.Data.Common.DbException)
        {
            output.WriteLine($"load: FAILED: {ex.Message}");
            foreach (var server in servers) output.WriteLine($"  {server.Name}'s last output:{Environment.NewLine}{server.LastErrors()}");
            return 1;
        }
        finally
        {
            browser?.Dispose();
            foreach (var worker in workers) await worker.DisposeAsync();
            foreach (var server in servers) await server.DisposeAsync();
            if (database is not null) await LoadDatabase.DropAsync(options.Connection!, database);
            HeadlessChromium.DeleteDirectory(options.WorkDirectory);
        }
    }

    /// <summary>
    /// The query of one read-only link that opens every run (a comparison's link does), made on one server and used on
    /// both: the tabs share one cookie jar (cookies ignore the port), and whichever link it keeps opens every run page.
    /// </summary>
    static async Task<string> ShareAsync(LoadServer server, List<Guid> runs, CancellationToken ct)
    {
        using var response = await server.Api.PostAsJsonAsync("/api/shares", new { kind = "comparison", ids = runs, expiresInDays = 1, label = "load command" }, ct);
        response.EnsureSuccessStatusCode();
        var url = new Uri((await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["url"]!.GetValue<string>());
        return url.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("share=", StringComparison.Ordinal));
    }

    static async Task WaitForViewersAsync(List<LoadServer> servers, List<Guid> runs, IReadOnlyList<(int Instance, int Run)> viewers, CancellationToken ct)
    {
        var query = "/api/diagnostics/live-pages?" + string.Join('&', runs.Select(id => $"run={id}"));
        var connected = new int[servers.Count];
        await WaitForAsync(async () =>
        {
            for (var i = 0; i < servers.Count; i++)
            {
                var pages = (await servers[i].Api.GetFromJsonAsync<Dictionary<Guid, int>>(query, ct))!;
                connected[i] = runs.Select((id, r) => Math.Min(pages[id], viewers.Count(v => v == (i, r)))).Sum();
            }
            return connected.Sum() == viewers.Count;
        }, ViewersTimeout, () => $"Only {connected.Sum()} of {viewers.Count} viewers connected within {ViewersTimeout.TotalSeconds:0} s ("
            + string.Join(", ", servers.Select((s, i) => $"{s.Name} {connected[i]} of {viewers.Count(v => v.Instance == i)}")) + ").", ct);
    }

    static async Task<IReadOnlyList<JsonObject>> WaitForRunsAsync(LoadServer server, List<Guid> runs, TextWriter output, Stopwatch window, CancellationToken ct)
    {
        var reported = TimeSpan.Zero;
        while (true)
        {
            var summaries = await SummariesAsync(server, runs, ct);
            var ended = summaries.Count(s => Ended.Contains(s["status"]?.GetValue<string>()));
            if (ended == runs.Count || window.Elapsed > RunsTimeout) return summaries;
            if (window.Elapsed - reported >= TimeSpan.FromSeconds(15))
            {
                reported = window.Elapsed;
                var epochs = summaries.Select(s => s["latestMetrics"]?["epoch"]?.GetValue<int>() ?? 0);
                output.WriteLine($"  {window.Elapsed.TotalSeconds:0} s: {ended} of {runs.Count} runs ended; epochs {string.Join(", ", epochs.Select(e => e.ToString("N0")))}");
            }
            await Task.Delay(1_000, ct);
        }
    }

    static async Task<IReadOnlyList<JsonObject>> SummariesAsync(LoadServer server, List<Guid> runs, CancellationToken ct)
    {
        var summaries = new List<JsonObject>();
        foreach (var id in runs) summaries.Add((await server.Api.GetFromJsonAsync<JsonObject>($"/api/runs/{id}", ct))!);
        return summaries;
    }

    static string? RunProblem(JsonObject summary) => summary["status"]?.GetValue<string>() switch
    {
        "completed" => null,
        var status when Ended.Contains(status) => $"Run '{summary["name"]}' ended {status}: {summary["error"]}",
        var status => $"Run '{summary["name"]}' was still {status} after {RunsTimeout.TotalMinutes:0} min.",
    };

    /// <summary>The server whose worker ran the run, from the worker's name (<c>load-a-w1</c>).</summary>
    static int? Holder(string? worker)
    {
        var index = LoadOptions.Instances.ToList().FindIndex(name => worker?.StartsWith(name + "-", StringComparison.Ordinal) == true);
        return index < 0 ? null : index;
    }

    static ViewerGroup Group(IReadOnlyList<(int Instance, int Run)> viewers, List<(int Instance, LiveRender Render)> renders, List<Guid> runs, List<int> holders, bool same)
    {
        bool InGroup(int instance, int run) => (holders[run] == instance) == same;
        var placed = viewers.Count(v => InGroup(v.Instance, v.Run));
        var mine = renders.Where(r => runs.IndexOf(r.Render.Run) is var run and >= 0 && InGroup(r.Instance, run)).ToList();
        // Page hashes tell pages apart within one process only.
        var pages = mine.Select(r => r.Render with { Page = HashCode.Combine(r.Instance, r.Render.Page) }).ToList();
        return new ViewerGroup(placed, Math.Min(placed, pages.Select(p => p.Page).Distinct().Count()), LiveRenderReport.Of(pages));
    }

    static Task WaitForAsync(Func<Task<bool>> done, TimeSpan timeout, string failure, CancellationToken ct) => WaitForAsync(done, timeout, () => failure, ct);

    static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> failure, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > timeout) throw new TimeoutException(failure());
            await Task.Delay(250, ct);
        }
    }
}
