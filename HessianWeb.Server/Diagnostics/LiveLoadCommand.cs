using System.Diagnostics;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// <c>dotnet run -c Release --project HessianWeb.Server -- live-load [--pages 20] [--rate 50] [--seconds 15]</c>: opens
/// N run pages in headless Debian Chromium, has each run emit R epoch events a second, and prints how often each page
/// re-rendered and how far behind its run it was (<see cref="LiveRenderLag"/>). Targets (issue "saved experiments"):
/// at most ~10 renders a page a second, at most 250 ms of lag.
/// </summary>
/// <remarks>
/// The command plays the worker: it stamps each event when it makes it, as a worker does, and hands it to the store
/// the compute hub hands a worker's batch to (<see cref="RunStore.AppendAsync"/>, which stores, then notifies the pages),
/// so the figures include the SQLite write, the fan-out and the render; not the SignalR hop from a worker, which on one
/// machine is well under a millisecond.
/// </remarks>
public static class LiveLoadCommand
{
    static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(WebApplication app, LiveLoadOptions options, TextWriter output)
    {
        await app.StartAsync();
        HeadlessChromium? browser = null;
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var store = app.Services.GetRequiredService<RunStore>();
            var results = app.Services.GetRequiredService<RunResults>();
            var notifier = app.Services.GetRequiredService<RunNotifier>();
            var lag = app.Services.GetRequiredService<LiveRenderLag>();

            var runs = new List<Guid>();
            for (var i = 0; i < options.Pages; i++)
            {
                var run = await store.CreateAsync(new ExperimentSpec { Name = $"live load {i + 1}", Training = new() { Epochs = 1_000_000 } });
                runs.Add(run.Id);
            }
            var sequences = new long[runs.Count];
            for (var i = 0; i < runs.Count; i++)
            {
                sequences[i] = (await results.GetAsync(runs[i]))!.LastSequence;
                await store.AppendAsync([new RunEvent { RunId = runs[i], Sequence = ++sequences[i], Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: 109) }]);
            }

            browser = await HeadlessChromium.StartAsync("live-load");
            foreach (var id in runs) await browser.OpenTabAsync(await ToolCommands.SharedRunPageAsync(app.Services, address, id));

            var opened = Stopwatch.StartNew();
            while (runs.Any(id => notifier.Subscribers(id) == 0))
            {
                if (opened.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException($"Only {runs.Count(id => notifier.Subscribers(id) > 0)} of {runs.Count} pages connected within 90 s.");
                await Task.Delay(100);
            }
            output.WriteLine($"live-load: {runs.Count} run pages open in headless Chromium after {opened.Elapsed.TotalSeconds:0.0} s; each run emits {options.Rate} epoch events a second.");

            using var stop = new CancellationTokenSource();
            var emitted = new long[runs.Count];
            var emitters = runs.Select((id, i) => Task.Run(() => EmitAsync(store, id, i, options.Rate, sequences, emitted, stop.Token))).ToArray();
            await Task.Delay(WarmUp);
            lag.Clear();
            var before = emitted.Sum();
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var report = lag.Report();
            var measured = clock.Elapsed.TotalSeconds;
            var events = emitted.Sum() - before;
            await stop.CancelAsync();
            await Task.WhenAll(emitters);

            output.WriteLine($"  measured for {measured:0.0} s after {WarmUp.TotalSeconds:0} s of warm-up: {events:N0} events stored, {events / measured / runs.Count:0.0} a second per run");
            output.WriteLine($"  renders: {report.Renders:N0} on {report.Pages} pages; the busiest page rendered {report.BusiestSecond} times in one second (target: about 10 at most)");
            output.WriteLine($"  lag from an event's creation to the render that shows it: p50 {report.P50Ms:0} ms, p95 {report.P95Ms:0} ms, p99 {report.P99Ms:0} ms, max {report.MaxMs:0} ms (target: 250 ms at most)");
        }
        finally
        {
            browser?.Dispose();
            await app.StopAsync();
            HeadlessChromium.DeleteDirectory(options.DataDirectory);
        }
    }

    /// <summary>
    /// One run's worker: epoch events at <paramref name="rate"/> a second, each stamped when made; when a store write
    /// falls behind, what came due meanwhile goes in one batch, as a worker's sender batches what queued up.
    /// </summary>
    static async Task EmitAsync(RunStore store, Guid runId, int index, int rate, long[] sequences, long[] emitted, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
        var clock = Stopwatch.StartNew();
        var epoch = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var due = (int)(clock.Elapsed.TotalSeconds * rate) - epoch;
                if (due <= 0) continue;
                var batch = new List<RunEvent>(due);
                for (var i = 0; i < due; i++)
                {
                    epoch++;
                    var loss = 1.0 / (1 + 0.01 * epoch);
                    batch.Add(new RunEvent
                    {
                        RunId = runId, Sequence = ++sequences[index], Kind = RunEventKind.Epoch,
                        Epoch = new EpochMetrics(epoch, loss, 1 - loss / 2, loss * 1.1, 1 - loss / 1.8, loss / 10),
                    });
                }
                await store.AppendAsync(batch);
                Interlocked.Add(ref emitted[index], batch.Count);
            }
        }
        catch (OperationCanceledException) { }
    }
}
