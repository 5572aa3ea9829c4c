using System.Diagnostics;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// <c>dotnet run -c Release --project HessianWeb.Server -- page-load [--epochs 2000,20000,100000] [--opens 5]</c>: stores
/// one finished run of each length (<see cref="LongRun"/>) in a throw-away data directory, opens each run's page in one
/// tab of headless Debian Chromium, once to warm up and then N times, and prints the median and spread of the time from
/// the navigation's start to the page's first complete render: the training, Lanczos and spectrum charts hold their
/// points and have drawn them. Target (issue 10): a run of 1,000,000 epochs opens within 1.5× of one of 2,000.
/// </summary>
public static class PageLoadCommand
{
    static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Resolves with performance.now() (milliseconds since the navigation started) once every chart named holds points
    /// and ApexCharts has drawn a series into it, a frame later; rejects after the timeout.
    /// </summary>
    const string Ready = """
        new Promise((resolve, reject) => {
          const charts = ['chart-loss', 'chart-accuracy', 'chart-lanczos', 'chart-spectrum'];
          const drawn = id => {
            const c = document.querySelector(`[data-testid=${id}]`);
            return c && +c.dataset.points > 0 && c.querySelector('.apexcharts-series');
          };
          (function poll() {
            if (charts.every(drawn)) return requestAnimationFrame(() => resolve(performance.now()));
            if (performance.now() > TIMEOUT) return reject(new Error('not drawn: ' + charts.filter(id => !drawn(id)).join(', ')));
            setTimeout(poll, 5);
          })();
        })
        """;

    public static async Task RunAsync(WebApplication app, PageLoadOptions options, TextWriter output)
    {
        await app.StartAsync();
        HeadlessChromium? browser = null;
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var store = app.Services.GetRequiredService<RunStore>();
            var results = app.Services.GetRequiredService<RunResults>();
            var runs = new List<(int Epochs, Guid Id)>();
            foreach (var epochs in options.Epochs)
            {
                var clock = Stopwatch.StartNew();
                var id = await LongRun.CreateAsync(store, epochs);
                runs.Add((epochs, id));
                var stored = (await results.GetEventsAsync(id)).Count(e => e.Kind == RunEventKind.Epoch);
                output.WriteLine($"page-load: stored a finished run of {epochs:N0} epochs ({stored:N0} epoch events) in {clock.Elapsed.TotalSeconds:0.0} s");
            }

            browser = await HeadlessChromium.StartAsync("page-load");
            using var timeout = new CancellationTokenSource(PageTimeout * (options.Opens + 1) * runs.Count);
            await using var tab = await DevToolsTab.ConnectAsync(await browser.OpenTabAsync(new Uri("about:blank")), timeout.Token);
            output.WriteLine($"Time from navigation start to the run page's first complete render, {options.Opens} opens each after one warm-up (ms):");
            double? first = null;
            foreach (var (epochs, id) in runs)
            {
                var page = await ToolCommands.SharedRunPageAsync(app.Services, address, id);
                var times = new List<double>();
                for (var i = 0; i <= options.Opens; i++)
                {
                    var ms = await OpenAsync(tab, page, timeout.Token);
                    if (i > 0) times.Add(ms);
                }
                times.Sort();
                var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
                first ??= median;
                output.WriteLine($"  {epochs,9:N0} epochs: median {median,6:0}  min {times[0],6:0}  max {times[^1],6:0}  ({median / first.Value:0.00}× the first)   [{string.Join(", ", times.Select(t => t.ToString("0")))}]");
            }
        }
        finally
        {
            browser?.Dispose();
            await app.StopAsync();
            HeadlessChromium.DeleteDirectory(options.DataDirectory);
        }
    }

    /// <summary>Navigates away, then to <paramref name="page"/>, and waits in the new document for <see cref="Ready"/>.</summary>
    static async Task<double> OpenAsync(DevToolsTab tab, Uri page, CancellationToken ct)
    {
        await tab.NavigateAsync(new Uri("about:blank"), ct);
        await tab.NavigateAsync(page, ct);
        // Page.navigate answers once the navigation has begun; until the page's document replaces about:blank an
        // evaluation would run in the old one.
        var waited = Stopwatch.StartNew();
        while ((await tab.EvaluateAsync("location.href", ct))?.GetValue<string>() != page.ToString())
        {
            if (waited.Elapsed > PageTimeout) throw new TimeoutException($"{page} did not load within {PageTimeout.TotalSeconds:0} s.");
            await Task.Delay(5, ct);
        }
        var ready = Ready.Replace("TIMEOUT", PageTimeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await tab.EvaluateAsync(ready, ct))!.GetValue<double>();
    }
}
