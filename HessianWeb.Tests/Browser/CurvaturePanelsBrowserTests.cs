using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The run page's curvature panels in a real browser, from stored events (no worker): ApexCharts draws
/// the bands, markers and mark lines without an error, each series arrives downsampled, and the checkpoint
/// slider moves every panel it drives.
/// </summary>
public sealed class CurvaturePanelsBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task A_decomposed_run_draws_density_spectra_outliers_trace_and_staircase_and_the_slider_moves_them()
    {
        var run = await Server.Store.CreateAsync(new ExperimentSpec
        {
            Name = "decomposition, every 50 epochs",
            Analysis = new() { Decomposition = true, EveryEpochs = 50 },
        });
        await Server.Store.AppendAsync(SyntheticCurvatureRun.Events(run.Id));
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/runs/{run.Id}").ToString());

        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=run-status]')?.textContent.trim() === 'completed'");
        Assert.Equal("end·2", (await page.Locator("[data-testid=checkpoint-shown]").TextContentAsync())?.Trim());
        // H, G and R: a band and a line each, every series at most 2,000 points (1,001 here).
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-density]')?.dataset.series === 6");
        Assert.Equal(6 * 1_001, await Points(page, "chart-density"));
        // Exact and Lanczos top and bottom for each of H, G, R.
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-spectrum]')?.dataset.series === 9");
        Assert.Equal(3 * (SyntheticCurvatureRun.M + 10 + 5), await Points(page, "chart-spectrum"));
        Assert.Equal(3, await page.Locator("[data-testid=trace-row]").CountAsync() / 3);
        Assert.Equal(2, await page.Locator("[data-testid=outlier-row]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("run-page-curvature.png"), FullPage = true });

        // The slider's first position is init: the panels follow.
        // (Playwright sets a range input's value and fires its input event.)
        await page.Locator("[data-testid=checkpoint-slider]").FillAsync("0");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=checkpoint-shown]')?.textContent.trim() === 'init'");
        await page.GetByText("Outliers (init)").WaitForAsync();
        await page.GetByText("Trace (init)").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=chart-density] .apexcharts-title-text')?.textContent === 'Spectral density (init)'");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("run-page-curvature-init.png"), FullPage = true });

        Assert.Empty(errors);
    }

    static Task<int> Points(IPage page, string chart) =>
        page.EvaluateAsync<int>($"() => +document.querySelector('[data-testid={chart}]').dataset.points");
}
