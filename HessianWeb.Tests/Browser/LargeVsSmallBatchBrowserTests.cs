using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The sweep page of examples/paper-large-vs-small-batch.json in Chromium, its runs' results written into the store
/// (no worker): ApexCharts draws every chart of the preset's panel without an error, and the page is photographed.
/// </summary>
public sealed class LargeVsSmallBatchBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task The_preset_page_draws_the_phases_the_line_and_both_ends_for_every_seed()
    {
        var sweep = JsonFormat.Deserialize<SweepSpec>(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "examples", "paper-large-vs-small-batch.json")))!;
        var grid = SweepGrid.Expand(sweep);
        Assert.True(grid.IsValid);
        var id = await Server.Sweeps.CreateAsync(sweep, grid.Points);
        var runs = (await Server.Sweeps.GetAsync(id))!.Runs;
        foreach (var (run, seed) in runs.Select((r, i) => (r, i)))
            await Server.Store.AppendAsync(SyntheticRun(run.Id, grid.Points[seed].Spec, seed));

        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/sweeps/{id}").ToString());

        await page.WaitForFunctionAsync($"() => document.querySelectorAll('[data-testid=sweep-lbsb-row]').length === {runs.Count}");
        // A mean line and its band for train and for test; one line per seed for the switch and the ends.
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sweep-lbsb-line-loss-chart]')?.dataset.series === 4");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sweep-lbsb-line-accuracy-chart]')?.dataset.series === 4");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sweep-lbsb-line-top-chart]')?.dataset.series === 2");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sweep-lbsb-training-chart]')?.dataset.series === 2");
        await page.WaitForFunctionAsync($"() => +document.querySelector('[data-testid=sweep-lbsb-switch-chart]')?.dataset.series === {runs.Count}");
        await page.WaitForFunctionAsync($"() => +document.querySelector('[data-testid=sweep-lbsb-ends-chart]')?.dataset.series === {runs.Count}");
        Assert.Equal(2 * 41 * 2, await Points(page, "sweep-lbsb-line-loss-chart"));
        var measured = await page.Locator("[data-testid=sweep-measured]").TextContentAsync();
        Assert.Contains($"LB's was the larger in {runs.Count} of {runs.Count}", measured);
        Assert.Contains("No barrier above 1 %", measured);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("sweep-large-vs-small-batch.png"), FullPage = true });

        Assert.Empty(errors);
    }

    static Task<int> Points(IPage page, string chart) =>
        page.EvaluateAsync<int>($"() => +document.querySelector('[data-testid={chart}]').dataset.points");

    /// <summary>
    /// A finished run shaped like the preset's (made up, seeded by <paramref name="seed"/>): the LB phase's loss decays to
    /// its floor; the SB phase climbs to about 2.5× it two epochs after the switch, then falls below it; λ₁ is larger at
    /// the LB solution; the line is a convex valley between the ends, with λ₁ moving geometrically from one to the other.
    /// </summary>
    static IReadOnlyList<RunEvent> SyntheticRun(Guid runId, ExperimentSpec spec, int seed)
    {
        var phases = spec.Training.Phases!;
        var (lbEpochs, sbEpochs) = (phases[0].Epochs!.Value, phases[^1].Epochs!.Value);
        var line = spec.Analysis.Interpolations![0];
        var events = new List<Func<RunEvent, RunEvent>>
        {
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: 704) },
        };
        void Epoch(int epoch, string phase, double loss) =>
            events.Add(e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(epoch, loss, 1 - loss / 2.4, loss * 1.15, 1 - loss / 2.2, loss / 4, phase) });
        void Top(string checkpoint, double top) =>
            events.Add(e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(checkpoint, SpectrumMethods.Exact, [top, top / 2, top / 5]) });

        var (lbTop, sbTop) = (2.6 + 0.2 * seed, 0.8 + 0.05 * seed);
        Top(Checkpoints.Init, 0.3 + 0.01 * seed);
        var floor = 0.055 + 0.004 * seed;
        double LbLoss(int epoch) => 1.33 * Math.Exp(-epoch / (0.08 * lbEpochs)) + floor;
        for (var epoch = 0; epoch <= lbEpochs; epoch++) Epoch(epoch, phases[0].Name, LbLoss(epoch));
        Top(Checkpoints.InPhase(phases[0].Name, Checkpoints.End), lbTop);
        var start = LbLoss(lbEpochs);
        double SbLoss(int t) => start * (1 + 1.5 * (t / 2.0) * Math.Exp(1 - t / 2.0)) * (1 - 0.02 * t);
        for (var t = 0; t <= sbEpochs; t++) Epoch(lbEpochs + t, phases[^1].Name, SbLoss(t));
        Top(Checkpoints.End, sbTop);

        var (a, b) = (start, SbLoss(sbEpochs));
        for (var i = 0; i < line.Points; i++)
        {
            var (index, alpha) = (i, line.Alpha(i));
            // u = α(α − 1) ≤ 0 between the ends, so 0.3a·u + 1.2a·u² = a·u·(0.3 + 1.2u) stays ≤ 0 there: under the chord, no barrier.
            var u = alpha * (alpha - 1);
            var loss = (1 - alpha) * a + alpha * b + a * u * (0.3 + 1.2 * u);
            var top = Math.Pow(lbTop, 1 - alpha) * Math.Pow(sbTop, alpha);
            events.Add(e => e with
            {
                Kind = RunEventKind.Interpolation,
                Interpolation = new InterpolationPoint(line.Label, index, line.Points, alpha, loss, Math.Clamp(1 - loss / 2.4, 0, 1), loss + 0.012, Math.Clamp(1 - loss / 2.2, 0, 1), top),
            });
        }
        events.Add(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });
        return events.Select((payload, i) => payload(new RunEvent { RunId = runId, Sequence = 2 + i, Kind = RunEventKind.Status })).ToList();
    }
}
