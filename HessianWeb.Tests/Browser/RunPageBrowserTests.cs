using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The whole path in a real browser: the real server and its real local worker, Debian's Chromium
/// driven by Playwright (which never downloads a browser here). The worker is a real worker process too, started only
/// once the page watches: on a busy machine a quickstart run can end before Chromium has drawn the run page, and the
/// test is about the page while the run goes on.
/// </summary>
public sealed class RunPageBrowserTests() : BrowserSession(startLocalWorker: false)
{
    /// <summary>A quickstart run on one CPU thread; generous for a slow CI machine, never waited out when the run is quick.</summary>
    const float RunTimeoutMs = 120_000;

    [Fact]
    public async Task A_run_started_from_the_form_streams_its_Lanczos_staircase_live_and_ends_completed()
    {
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });

        await page.GotoAsync(new Uri(Server.BaseAddress, "/runs/new").ToString());
        Assert.Equal("M = 109", (await page.Locator("[data-testid=parameter-count]").TextContentAsync())?.Trim());
        // The button is enabled once the page is interactive; Playwright's click waits for that.
        await page.ClickAsync("[data-testid=submit-run]");
        // Blazor navigates inside the page (history.pushState); read the address it lands on.
        await page.WaitForFunctionAsync(@"() => /^\/runs\/[0-9a-f-]{36}$/.test(location.pathname)");
        var runId = Guid.Parse(await page.EvaluateAsync<string>("() => location.pathname.slice(-36)"));

        // Record every value the Lanczos chart's point count takes, with the run's status at that moment.
        await page.WaitForSelectorAsync("[data-testid=chart-lanczos][data-points]");
        await page.EvaluateAsync("""
            () => {
                const chart = document.querySelector('[data-testid=chart-lanczos]');
                const status = () => document.querySelector('[data-testid=run-status]')?.textContent.trim();
                window.lanczosReads = [{ points: +chart.dataset.points, status: status() }];
                new MutationObserver(() => window.lanczosReads.push({ points: +chart.dataset.points, status: status() }))
                    .observe(chart, { attributes: true, attributeFilter: ['data-points'] });
            }
            """);
        Assert.Equal("queued", (await page.Locator("[data-testid=run-status]").TextContentAsync())?.Trim());
        using var worker = new WorkerProcess(Server.BaseAddress, Server.Tokens.LocalToken, "browser-test");

        // The staircase of the first checkpoint shows while the run is still going, and later
        // checkpoints add to it: the chart grows over successive reads instead of appearing at the end.
        var whileRunning = await page.WaitForFunctionAsync("""
            () => window.lanczosReads.find(r => r.points > 0 && r.status.startsWith('running'))?.points
            """, null, new() { Timeout = RunTimeoutMs });
        var pointsWhileRunning = await whileRunning.JsonValueAsync<int>();
        await page.WaitForFunctionAsync("n => window.lanczosReads.some(r => r.points > n)", pointsWhileRunning, new() { Timeout = RunTimeoutMs });
        var reads = await page.EvaluateAsync<LanczosRead[]>("() => window.lanczosReads");
        var counts = reads.Select(r => r.Points).Where(n => n > 0).ToList();
        Assert.True(counts.Zip(counts.Skip(1)).All(pair => pair.Second > pair.First), $"Point counts did not only grow: {string.Join(", ", counts)}");

        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=run-status]')?.textContent.trim() === 'completed'",
            null, new() { Timeout = RunTimeoutMs });

        // Once complete, the chart holds every Ritz value the run stored, each once.
        var events = await Server.Results.GetEventsAsync(runId);
        // The staircase shows the Hessian's iterations, each thinned to the chart's share (RitzValueSample).
        var analysis = (await Server.Results.GetAsync(runId))!.Spec.Analysis;
        var ritzValues = RitzValueSample.Points(events.Select(e => e.Lanczos).OfType<LanczosIteration>()
            .Where(it => it.Operator == CurvatureOperators.Hessian), analysis).Count();
        Assert.True(ritzValues > 0, "The run stored no Lanczos iterations.");
        await page.WaitForFunctionAsync("n => +document.querySelector('[data-testid=chart-lanczos]').dataset.points === n",
            ritzValues, new() { Timeout = RunTimeoutMs });
        // The sorted-eigenvalue chart shows the newest checkpoint (end): its exact spectrum, Lanczos top-k and bottom-k.
        var end = events.Select(e => e.Spectrum).OfType<SpectrumResult>().Where(s => s.Checkpoint == Checkpoints.End).ToList();
        Assert.NotEmpty(end);
        var shown = end.Sum(s => s.Eigenvalues.Length + (s.BottomEigenvalues?.Length ?? 0));
        await page.WaitForFunctionAsync("n => +document.querySelector('[data-testid=chart-spectrum]').dataset.points === n",
            shown, new() { Timeout = RunTimeoutMs });

        var screenshot = Chromium.ScreenshotPath("run-page.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);

        // A drag across the loss chart zooms it; the server re-buckets the range, so the chart holds that range's
        // points only; the toolbar's reset brings back the whole run.
        var loss = page.Locator("[data-testid=chart-loss]");
        var whole = int.Parse((await loss.GetAttributeAsync("data-points"))!);
        var plot = (await page.Locator("[data-testid=chart-loss] .apexcharts-inner").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(plot.X + 0.3f * plot.Width, plot.Y + plot.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(plot.X + 0.6f * plot.Width, plot.Y + plot.Height / 2, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync("n => { const c = document.querySelector('[data-testid=chart-loss]'); return !!c.dataset.zoom && +c.dataset.points < n; }", whole);
        await page.Locator("[data-testid=chart-loss] .apexcharts-reset-icon").ClickAsync();
        await page.WaitForFunctionAsync("n => { const c = document.querySelector('[data-testid=chart-loss]'); return !c.dataset.zoom && +c.dataset.points === n; }", whole);
    }

    sealed class LanczosRead
    {
        public int Points { get; set; }
        public string Status { get; set; } = "";
    }
}
