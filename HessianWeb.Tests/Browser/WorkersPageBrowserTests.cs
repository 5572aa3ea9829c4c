using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>The workers page with the server's real local worker connected over SignalR.</summary>
public sealed class WorkersPageBrowserTests() : BrowserSession(startLocalWorker: true)
{
    [Fact]
    public async Task The_workers_page_shows_the_local_worker_with_its_memory()
    {
        var worker = await Server.WaitForWorkerAsync();
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });

        await page.GotoAsync(new Uri(Server.BaseAddress, "/workers").ToString());

        var row = page.Locator("[data-testid=worker-row]");
        await row.WaitForAsync();
        var text = await row.TextContentAsync() ?? "";
        Assert.Contains("local", text);
        Assert.Contains(worker.ProcessId.ToString(), text);
        Assert.Contains(worker.WorkerId.ToString()[..8], text);
        Assert.Contains("GiB", text);
        Assert.Contains("idle", text);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("workers.png"), FullPage = true });
    }
}
