using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The compare page in Chromium over three stored runs (no worker): a toggle writes the address, the address
/// restores the toggle, the downloads produce files, the copy-link button fills the clipboard, and an unknown
/// run is named.
/// </summary>
public sealed class ComparePageBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task Three_runs_compare_toggles_live_in_the_address_and_exports_download()
    {
        var ids = await ThreeRunsAsync();
        var context = await SignedInContextAsync(new()
        {
            ViewportSize = new() { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/compare?runs={string.Join(",", ids)}").ToString());

        // The runs list's short link gets the view written out, the latest shared checkpoint pinned.
        await page.WaitForFunctionAsync("() => location.search.includes('checkpoint=end')");
        Assert.Contains("logLoss=true", page.Url);
        Assert.Equal(3, await page.Locator("[data-testid=metrics-row]").CountAsync());
        // Two runs' raw and smoothed training loss; the third has one epoch, smoothed over itself.
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-train-loss]')?.dataset.series === 6");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-density]')?.dataset.series === 3");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=chart-train-loss] .apexcharts-yaxis-title-text')?.textContent.includes('log scale')");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("compare.png"), FullPage = true });

        await page.GetByText("Log loss", new() { Exact = true }).ClickAsync();

        await page.WaitForFunctionAsync("() => location.search.includes('logLoss=false')");
        Assert.False(await page.Locator("[data-testid=toggle-log-loss]").IsCheckedAsync());
        var address = page.Url;

        // Reopened in a fresh page: the toggle and the axis are as left.
        var reopened = await context.NewPageAsync();
        await reopened.GotoAsync(address);
        await reopened.WaitForFunctionAsync("() => document.querySelector('[data-testid=chart-train-loss] .apexcharts-yaxis-title-text')?.textContent === 'cross-entropy loss (nats)'");
        Assert.False(await reopened.Locator("[data-testid=toggle-log-loss]").IsCheckedAsync());
        Assert.True(await reopened.Locator("[data-testid=toggle-log-density]").IsCheckedAsync());
        Assert.Equal(address, reopened.Url);

        // The metrics CSV: a header and one row per run.
        var metrics = await reopened.RunAndWaitForDownloadAsync(() => reopened.Locator("[data-testid=export-metrics-csv]").ClickAsync());
        Assert.Equal("comparison-metrics.csv", metrics.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await metrics.PathAsync())).TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("run,id,name,status,checkpoint,operator,", lines[0]);

        // A chart's CSV and PNG, from its menu.
        var csv = await ExportAsync(reopened, "train-loss", "csv");
        Assert.Equal("comparison-3-runs-train-loss.csv", csv.SuggestedFilename);
        var csvLines = (await File.ReadAllTextAsync(await csv.PathAsync())).TrimEnd('\n').Split('\n');
        Assert.Equal("series,x,y", csvLines[0]);
        Assert.Contains(csvLines, l => l.StartsWith("A · sharp,1,", StringComparison.Ordinal));
        var png = await ExportAsync(reopened, "density", "png");
        Assert.Equal("comparison-3-runs-density.png", png.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await png.PathAsync());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));

        // The copy-link button puts the address in the clipboard.
        await reopened.Locator("[data-testid=copy-link]").ClickAsync();
        await reopened.GetByText("Link copied to the clipboard.").WaitForAsync();
        Assert.Equal(address, await reopened.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // An unknown run is named, beside the runs that exist.
        var missing = Guid.Parse("0195f3c2-0000-7000-8000-0000000000ff");
        await reopened.GotoAsync(new Uri(Server.BaseAddress, $"/compare?runs={ids[0]},{missing}").ToString());
        await reopened.Locator("[data-testid=compare-unknown]").WaitForAsync();
        Assert.Contains(missing.ToString(), await reopened.Locator("[data-testid=compare-unknown]").TextContentAsync());
        Assert.Equal(1, await reopened.Locator("[data-testid=metrics-row]").CountAsync());
        // The downloads would answer 404 for the unknown id: they are not offered.
        Assert.Equal(0, await reopened.Locator("[data-testid=export-metrics-csv]").CountAsync());

        // A run page's header has the same button, copying the run's address.
        var runPage = new Uri(Server.BaseAddress, $"/runs/{ids[1]}").ToString();
        await reopened.GotoAsync(runPage);
        // Interactive once its charts hold points: a click on the prerendered button would go nowhere.
        await reopened.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-loss]')?.dataset.points > 0");
        await reopened.Locator("[data-testid=copy-link]").ClickAsync();
        await reopened.GetByText("Link copied to the clipboard.").WaitForAsync();
        Assert.Equal(runPage, await reopened.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        Assert.Empty(errors);
    }

    static async Task<IDownload> ExportAsync(IPage page, string chart, string format)
    {
        await page.Locator($"[data-testid=export-{chart}] button").ClickAsync();
        return await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid=export-{chart}-{format}]").ClickAsync());
    }

    /// <summary>Two decomposed runs every 50 epochs that differ in sharpness and learning rate, and a fabricated quickstart.</summary>
    async Task<Guid[]> ThreeRunsAsync()
    {
        var sharp = await Server.Store.CreateAsync(new ExperimentSpec
        {
            Name = "sharp",
            Training = new() { LearningRate = 0.1 },
            Analysis = new() { Decomposition = true, EveryEpochs = 50 },
        });
        await Server.Store.AppendAsync(SyntheticCurvatureRun.Events(sharp.Id, sharpness: 1, noise: 0.15));
        var flat = await Server.Store.CreateAsync(new ExperimentSpec
        {
            Name = "flatter, faster",
            Training = new() { LearningRate = 0.3 },
            Analysis = new() { Decomposition = true, EveryEpochs = 50 },
        });
        await Server.Store.AppendAsync(SyntheticCurvatureRun.Events(flat.Id, sharpness: 0.6, noise: 0.15));
        var quickstart = await FabricatedRun.CreateAsync(Server.Store, Server.Results, withArtifacts: false);
        return [sharp.Id, flat.Id, quickstart.Id];
    }
}
