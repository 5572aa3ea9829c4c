using HessianWeb.Shared.Runs;
using HessianWeb.Server.Sweeps;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>The sweep page in a real browser, from stored events (no worker): ApexCharts draws the aggregated bands and lines without an error.</summary>
public sealed class SweepPageBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task An_outliers_vs_classes_sweep_draws_its_charts_and_says_what_it_measured()
    {
        var sweep = new SweepSpec
        {
            Name = "outliers vs classes",
            Preset = SweepPresets.OutliersVsClasses,
            Axes = [new("data.classes", [2, 3, 4]), new("model.seed", [0, 1])],
        };
        var id = await Server.Sweeps.CreateAsync(sweep, SweepGrid.Expand(sweep).Points);
        var runs = (await Server.Sweeps.GetAsync(id))!.Runs;
        foreach (var run in runs)
        {
            var k = run.Axes["data.classes"]!.GetValue<int>();
            var seed = run.Axes["model.seed"]!.GetValue<int>();
            // k − 1 outliers at the end (one more for seed 1), k at init; λ₁ grows with k.
            var top = new[] { 2.0 * k + seed, k, 1.0, 0.01, 0.001, -0.001 };
            await Server.Store.AppendAsync([.. Events(run.Id, k, endCount: k - 1 + seed, initCount: k, top)]);
        }
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/sweeps/{id}").ToString());

        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=sweep-ended]')?.textContent.includes('6 of 6')");
        // At end and at init, each a band and a line, then k and k − 1; λ₁, λ₂, λ₃ each a band and a line.
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sweep-outliers-chart]')?.dataset.series === 6");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sweep-top-chart]')?.dataset.series === 6");
        Assert.Contains("1.5 at k = 2, 2.5 at k = 3, 3.5 at k = 4", await page.Locator("[data-testid=sweep-measured]").TextContentAsync());
        Assert.Equal(6, await page.Locator("[data-testid=sweep-run]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("sweep-page.png"), FullPage = true });
        Assert.Empty(errors);
    }

    static IEnumerable<RunEvent> Events(Guid runId, int classes, int endCount, int initCount, double[] eigenvalues)
    {
        var sequence = 1L;
        RunEvent Next(RunEventKind kind, Func<RunEvent, RunEvent> payload) =>
            payload(new RunEvent { RunId = runId, Sequence = ++sequence, Kind = kind });
        OutlierResult Count(string checkpoint, int count) =>
            new(checkpoint, CurvatureOperators.Hessian, count, 0.05, classes, 8, "largest gap", SpectrumMethods.Exact, false);
        yield return Next(RunEventKind.Status, e => e with { Status = new StatusChange(RunStatus.Running, RunPhase.Analysing, ParameterCount: 109) });
        yield return Next(RunEventKind.Outliers, e => e with { Outliers = Count(Checkpoints.Init, initCount) });
        yield return Next(RunEventKind.Epoch, e => e with { Epoch = new EpochMetrics(1000, 0.01, 1, 0.02, 1, 1e-3) });
        yield return Next(RunEventKind.Spectrum, e => e with { Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Exact, eigenvalues) });
        yield return Next(RunEventKind.Outliers, e => e with { Outliers = Count(Checkpoints.End, endCount) });
        yield return Next(RunEventKind.Status, e => e with { Status = new StatusChange(RunStatus.Completed) });
    }
}
