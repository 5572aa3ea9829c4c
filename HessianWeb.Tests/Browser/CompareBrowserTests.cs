using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The runs list and the comparison in a real browser, over stored runs (no worker): filter the list, pick three
/// runs, compare them; toggles go into the address and the address restores them; the downloads produce files.
/// </summary>
public sealed class CompareBrowserTests : IAsyncLifetime
{
    RunningServer server = default!;
    IPlaywright playwright = default!;
    IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        server = new RunningServer(startLocalWorker: false);
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        server.Dispose();
    }

    [Fact]
    public async Task Filter_the_list_compare_three_runs_and_the_address_restores_the_view()
    {
        var compared = new List<Guid>();
        foreach (var (lr, seed) in new[] { (0.1, 3), (0.2, 4), (0.5, 5) })
        {
            var run = await server.Store.CreateAsync(new ExperimentSpec { Name = $"sharpness lr {lr}", Training = new() { LearningRate = lr } });
            await server.Store.AppendAsync(SyntheticCurvatureRun.Events(run.Id, seed));
            compared.Add(run.Id);
        }
        await server.Store.CreateAsync(new ExperimentSpec { Name = "unrelated baseline" });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 }, AcceptDownloads = true });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        // The list, filtered by name: the address says so and only the three rows stay.
        await page.GotoAsync(new Uri(server.BaseAddress, "/").ToString());
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length === 4");
        await page.Locator("input[data-testid=run-search]").FillAsync("sharpness");
        await page.Locator("input[data-testid=run-search]").PressAsync("Enter");
        await AddressAsync(page, "q=sharpness");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length === 3");
        Assert.Equal("name: sharpness", (await page.Locator("[data-testid=filter-chip]").TextContentAsync())?.Trim());

        // Three ticks, then Compare.
        foreach (var id in compared)
            await page.Locator($"tr[data-run-id='{id}'] input[data-testid=select-run]").CheckAsync(new() { Force = true });
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("home.png"), FullPage = true });
        await page.ClickAsync("[data-testid=compare-selected]");
        await AddressAsync(page, "/compare?runs=");
        Assert.Equal(compared.Order(), Ids(page.Url).Order());
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=metrics-row]').length === 3");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=compare-density]')?.dataset.series === 3");
        // Smoothed and raw curves: two series a run.
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=compare-loss]')?.dataset.series === 6");

        // Toggles go into the address.
        await page.Locator("input[data-testid=toggle-log-density]").CheckAsync(new() { Force = true });
        await AddressAsync(page, "logDensity=true");
        await page.ClickAsync("[data-testid=checkpoint-init]");
        await AddressAsync(page, "checkpoint=init");
        await page.Locator("input[data-testid=only-differences]").UncheckAsync(new() { Force = true });
        await AddressAsync(page, "config=all");
        var link = page.Url;

        // The same address in a fresh page shows the same view.
        var reopened = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 }, AcceptDownloads = true });
        await reopened.GotoAsync(link);
        await reopened.WaitForSelectorAsync("[data-interactive=true]");
        await reopened.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=metrics-row]').length === 3");
        Assert.True(await reopened.Locator("input[data-testid=toggle-log-density]").IsCheckedAsync());
        Assert.False(await reopened.Locator("input[data-testid=only-differences]").IsCheckedAsync());
        await reopened.WaitForFunctionAsync("() => document.querySelector('[data-testid=compare-density] .apexcharts-title-text')?.textContent === 'Spectral density at init'");
        Assert.Contains("mud-button-filled", await reopened.Locator("[data-testid=checkpoint-init]").GetAttributeAsync("class"));

        // The metrics CSV: a header and a row per run.
        var download = await reopened.RunAndWaitForDownloadAsync(() => reopened.ClickAsync("[data-testid=export-metrics]"));
        var csvPath = Chromium.ScreenshotPath("../downloads/comparison.csv");
        await download.SaveAsAsync(csvPath);
        var lines = File.ReadAllLines(csvPath);
        Assert.StartsWith("run,id,checkpoint,train_loss", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains("\"init\"", l));
        // A chart's own SVG export (ApexCharts' menu).
        await reopened.ClickAsync("[data-testid=compare-spectrum] .apexcharts-menu-icon");
        var svg = await reopened.RunAndWaitForDownloadAsync(() => reopened.ClickAsync("[data-testid=compare-spectrum] .exportSVG"));
        var svgPath = Chromium.ScreenshotPath("../downloads/spectrum.svg");
        await svg.SaveAsAsync(svgPath);
        Assert.Contains("<svg", await File.ReadAllTextAsync(svgPath));

        await reopened.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("compare.png"), FullPage = true });
        Assert.Empty(errors);
    }

    /// <summary>Blazor changes the address inside the page (history API), without a load event: wait for the text itself.</summary>
    static Task AddressAsync(IPage page, string part) =>
        page.WaitForFunctionAsync("part => decodeURIComponent(location.pathname + location.search).includes(part)", part);

    static IEnumerable<Guid> Ids(string url) =>
        Uri.UnescapeDataString(new Uri(url).Query.Split('&').First(p => p.TrimStart('?').StartsWith("runs=")).Split('=')[1]).Split(',').Select(Guid.Parse);
}
