using System.Net.Http.Json;
using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// Past one machine, end to end: two server processes on one PostgreSQL and Redis, two workers given both servers
/// (<see cref="ServerCluster"/>), and Chromium. A run launched on A is watched live on B; a worker whose server is killed
/// fails over to the other and its run completes with every event once; runs submitted to both at once are each
/// given to one worker once.
/// </summary>
public sealed class ClusterBrowserTests : IAsyncLifetime
{
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    static readonly BrowserNewContextOptions Window = new() { ViewportSize = new() { Width = 1400, Height = 1000 } };

    ServerCluster cluster = default!;
    IPlaywright? playwright;
    IBrowser? browser;

    public async Task InitializeAsync() => cluster = await ServerCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        // Null when the cluster never started (InitializeAsync threw): its own failure is the one to read.
        if (cluster is not null) await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_run_launched_on_A_shows_its_epochs_and_spectra_arriving_on_B()
    {
        var runs = await Task.WhenAll(cluster.A.Http.PostRunAsync(Endless("watched on B")), cluster.A.Http.PostRunAsync(Endless("watched on B too")));
        var page = await SignedInOnAAsync();
        // One of the two is on the worker connected to A: its events reach the store through A, and B shows them as they come.
        var onA = await RunningOnAsync(runs, ServerCluster.WorkerOnA);
        // The other run only made sure one landed on A's worker; stopping it leaves the two cores to the watched one.
        foreach (var other in runs.Where(id => id != onA.Id))
            (await cluster.A.Http.PostAsync($"/api/runs/{other}/cancel", null)).EnsureSuccessStatusCode();

        await page.GotoAsync(cluster.B.Address($"/runs/{onA.Id}"));
        Assert.True(new Uri(page.Url).AbsolutePath == $"/runs/{onA.Id}", $"B did not open the run for A's session but went to {page.Url}.");
        await page.WaitForSelectorAsync("[data-testid=chart-loss][data-points]");
        await page.EvaluateAsync("""
            () => {
                const chart = id => +document.querySelector(`[data-testid=${id}]`)?.dataset.points || 0;
                const read = () => ({
                    loss: chart('chart-loss'), lanczos: chart('chart-lanczos'),
                    status: document.querySelector('[data-testid=run-status]')?.textContent.trim() ?? '' });
                window.reads = [read()];
                new MutationObserver(() => window.reads.push(read()))
                    .observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-points'] });
            }
            """);

        // The epochs: the loss chart grows while the run is running, read after read.
        var first = await (await UntilAsync(page, "() => window.reads.find(r => r.loss > 0 && r.status.startsWith('running'))?.loss")).JsonValueAsync<int>();
        await UntilAsync(page, "n => window.reads.some(r => r.loss > n && r.status.startsWith('running'))", first);
        // The spectra: the first checkpoint's Lanczos staircase is there while the run still trains.
        await UntilAsync(page, "() => window.reads.some(r => r.lanczos > 0 && r.status.startsWith('running'))");
        // The viewport only, with time to spare: a full-page capture re-lays out every live chart on a machine already busy
        // with two servers, a training worker and the browser.
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("cluster/run-on-a-watched-on-b.png"), Timeout = 120_000 });
    }

    [Fact]
    public async Task A_worker_whose_server_is_killed_fails_over_and_its_run_completes_with_every_event_once()
    {
        var runs = await Task.WhenAll(cluster.A.Http.PostRunAsync(Lasting("failover 1")), cluster.A.Http.PostRunAsync(Lasting("failover 2")));
        // Killed as soon as the worker has started the run: the rest of its events can only reach the store through B.
        var onA = await RunningOnAsync(runs, ServerCluster.WorkerOnA);

        var beforeKill = await cluster.B.Http.GetRunAsync(onA.Id);
        cluster.A.Kill();
        Assert.False(beforeKill.Status.IsTerminal(), $"The run ended ({beforeKill.Status}) before A was killed: it is too short for this test.");

        await cluster.WaitForWorkerAsync(cluster.B, ServerCluster.WorkerOnA);
        foreach (var id in runs)
        {
            var ended = await WaitForEndAsync(cluster.B, id);
            Assert.True(ended.Status == RunStatus.Completed, $"Run {id} ended {ended.Status}: {ended.Error}\n{cluster.Diagnostics}");
            var events = await cluster.B.Http.GetEventsAsync(id);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.Sequence));
            Assert.Equal(RunStatus.Completed, events[^1].Status?.Status);
            Assert.Single(events, IsStart);
        }
        // The failed-over run stayed with its worker, and its events after the kill were stored by B.
        var failedOver = await cluster.B.Http.GetRunAsync(onA.Id);
        Assert.Equal(ServerCluster.WorkerOnA, failedOver.Worker);
        Assert.True(failedOver.LastSequence > beforeKill.LastSequence, $"No event of run {onA.Id} was stored after A was killed.");
    }

    [Fact]
    public async Task Twenty_runs_submitted_to_both_servers_at_once_each_run_once_and_complete()
    {
        var posts = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? cluster.A : cluster.B).Http.PostRunAsync(Tiny($"tiny {i}")));
        var runs = await Task.WhenAll(posts);

        foreach (var id in runs)
        {
            var ended = await WaitForEndAsync(cluster.A, id);
            Assert.True(ended.Status == RunStatus.Completed, $"Run {id} ended {ended.Status}: {ended.Error}\n{cluster.Diagnostics}");
            var events = await cluster.A.Http.GetEventsAsync(id);
            Assert.Single(events, IsStart);
        }
        var assignments = cluster.Servers.SelectMany(s => s.Lines).Where(l => l.Contains("assigned to worker", StringComparison.Ordinal)).ToList();
        foreach (var id in runs)
        {
            var lines = assignments.Where(l => l.Contains(id.ToString(), StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count == 1, $"Run {id} has {lines.Count} assignment lines:\n{string.Join('\n', lines)}");
        }
    }

    /// <summary>The status event a worker sends once it has built the run's model: the run's start.</summary>
    static bool IsStart(RunEvent e) => e.Status is { Status: RunStatus.Running, ParameterCount: not null };

    /// <summary>The quickstart with curvature at its start and end only (no density or trace, the slowest part of an analysis).</summary>
    static ExperimentSpec Quick(string name, int epochs) => new()
    {
        Name = name,
        Training = new TrainingSpec { Epochs = epochs, GradNormTolerance = 0 },
        Analysis = new AnalysisSpec { Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false } },
    };

    /// <summary>Trains far longer than the test watches (the most epochs a spec may ask), with an epoch event every fraction of a second.</summary>
    static ExperimentSpec Endless(string name) => Quick(name, SpecLimits.MaxEpochs);

    /// <summary>Seconds of training on a quiet machine, a minute at most on a busy one.</summary>
    static ExperimentSpec Lasting(string name) => Quick(name, 20_000);

    /// <summary>A run that is done in a moment: few points, a tiny network, a few Lanczos steps.</summary>
    static ExperimentSpec Tiny(string name) => Quick(name, 10) with
    {
        Data = new DataSpec { TrainSize = 20, TestSize = 8 },
        Model = new ModelSpec { HiddenWidths = [3] },
        Analysis = Quick(name, 10).Analysis with { LanczosK = 2, LanczosBottomK = 0, LanczosMaxSteps = 10 },
    };

    /// <summary>The one of <paramref name="runs"/> running on worker <paramref name="worker"/> (once <paramref name="also"/> holds for it).</summary>
    async Task<RunSummary> RunningOnAsync(IReadOnlyList<Guid> runs, string worker, Func<RunSummary, bool>? also = null)
    {
        var found = await Eventually.ReadAsync(
            async () => await Task.WhenAll(runs.Select(cluster.B.Http.GetRunAsync)),
            read => read.Any(r => r.Status == RunStatus.Running && r.Worker == worker && (also?.Invoke(r) ?? true)),
            RunTimeout,
            read => $"no run running on {worker}: {string.Join("; ", read.Select(r => $"{r.Id} {r.Status} on {r.Worker ?? "none"}"))}\n{cluster.Diagnostics}");
        return found.First(r => r.Status == RunStatus.Running && r.Worker == worker && (also?.Invoke(r) ?? true));
    }

    async Task<RunSummary> WaitForEndAsync(ServerProcess server, Guid id) =>
        await Eventually.ReadAsync(() => server.Http.GetRunAsync(id), run => run.Status.IsTerminal(), RunTimeout,
            run => $"run {id} is {run.Status} on {run.Worker ?? "no worker"}.\n{cluster.Diagnostics}");

    /// <summary>
    /// A page signed in on A, through an invitation A made: its session cookie is A's. Both servers are on 127.0.0.1,
    /// where a browser's cookies do not depend on the port, so the same cookie goes to B, which must read what A signed.
    /// </summary>
    async Task<IPage> SignedInOnAAsync()
    {
        var response = await cluster.A.Http.PostAsJsonAsync("/api/invitations", new { role = Roles.Viewer, note = "cluster test" }, JsonFormat.Options);
        response.EnsureSuccessStatusCode();
        var invitation = (await response.Content.ReadFromJsonAsync<CreatedInvitation>(JsonFormat.Options))!;
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
        var page = await (await Chromium.NewContextAsync(browser, Window)).NewPageAsync();
        await page.GotoAsync(invitation.Url);
        await NewAccountForm.FillAsync(page, "watcher");
        await page.ClickAsync("[data-testid=submit]");
        await page.Locator("[data-testid=user-menu]").WaitForAsync();
        return page;
    }

    /// <summary>Waits for <paramref name="condition"/> on the page; a timeout says what the page read meanwhile and what the cluster logged.</summary>
    async Task<IJSHandle> UntilAsync(IPage page, string condition, object? arg = null)
    {
        try { return await page.WaitForFunctionAsync(condition, arg, new() { Timeout = (float)RunTimeout.TotalMilliseconds }); }
        catch (TimeoutException ex)
        {
            var reads = await page.EvaluateAsync<string>("() => JSON.stringify(window.reads.slice(-20))");
            throw new TimeoutException($"{condition} ({arg}) did not hold on {page.Url}; the page's last reads were {reads}.\n{cluster.Diagnostics}", ex);
        }
    }

    sealed record CreatedInvitation(string Url);
}
