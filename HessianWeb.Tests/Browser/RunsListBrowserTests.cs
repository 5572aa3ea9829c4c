using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The runs list and the comparison in a real browser, over stored runs (no worker): filter the list, pick three
/// runs, compare them; toggles go into the address and the address restores them; the downloads produce files.
/// </summary>
public sealed class RunsListBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task Filter_the_list_then_compare_three_runs()
    {
        var compared = new List<Guid>();
        foreach (var (lr, sharpness) in new[] { (0.1, 1.0), (0.2, 0.8), (0.5, 0.6) })
        {
            var run = await Server.Store.CreateAsync(new ExperimentSpec { Name = $"sharpness lr {lr}", Training = new() { LearningRate = lr } });
            await Server.Store.AppendAsync(SyntheticCurvatureRun.Events(run.Id, sharpness));
            compared.Add(run.Id);
        }
        await Server.Store.CreateAsync(new ExperimentSpec { Name = "unrelated baseline" });
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 }, AcceptDownloads = true });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        // The list, filtered by name: the address says so and only the three rows stay.
        await page.GotoAsync(new Uri(Server.BaseAddress, "/").ToString());
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
        // The compare page takes the three (its toggles, links and downloads: ComparePageBrowserTests).
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=metrics-row]').length === 3");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-density]')?.dataset.series === 3");
        Assert.Empty(errors);
    }

    /// <summary>Blazor changes the address inside the page (history API), without a load event: wait for the text itself.</summary>
    static Task AddressAsync(IPage page, string part) =>
        page.WaitForFunctionAsync("part => decodeURIComponent(location.pathname + location.search).includes(part)", part);

    static IEnumerable<Guid> Ids(string url) =>
        Uri.UnescapeDataString(new Uri(url).Query.Split('&').First(p => p.TrimStart('?').StartsWith("runs=")).Split('=')[1]).Split(',').Select(Guid.Parse);
}
