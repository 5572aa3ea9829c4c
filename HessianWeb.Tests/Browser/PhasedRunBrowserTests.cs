using HessianWeb.Shared;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>examples/large-then-small-batch.json posted as is, run by the real worker and watched in Chromium.</summary>
public sealed class PhasedRunBrowserTests() : BrowserSession(startLocalWorker: true)
{
    const float RunTimeoutMs = 240_000;

    [Fact]
    public async Task The_example_shows_its_phase_boundary_and_the_interpolation_with_the_top_eigenvalue()
    {
        await Server.WaitForWorkerAsync();
        var json = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "examples", "large-then-small-batch.json"));
        var id = await Server.PostRunAsync(JsonFormat.Deserialize<ExperimentSpec>(json)!);
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/runs/{id}").ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=run-status]')?.textContent.trim() === 'completed'",
            null, new() { Timeout = RunTimeoutMs });

        // Train, test and λ₁ at each of the 41 points.
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-interpolation]')?.dataset.points === 123",
            null, new() { Timeout = RunTimeoutMs });
        Assert.Equal("3", await page.GetAttributeAsync("[data-testid=chart-interpolation]", "data-series"));
        // The phase boundary is drawn as an annotation on the loss chart.
        await page.WaitForSelectorAsync("[data-testid=chart-loss] .apexcharts-xaxis-annotations text:has-text('phase sb')");
        Assert.Contains("Phase sb", await page.Locator("[data-testid=latest-epoch]").TextContentAsync());

        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("run-page-phases-interpolation.png"), FullPage = true });
    }
}
