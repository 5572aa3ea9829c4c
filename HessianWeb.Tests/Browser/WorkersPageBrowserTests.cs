using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>The workers page with the server's real local worker connected over SignalR.</summary>
public sealed class WorkersPageBrowserTests : IAsyncLifetime
{
    RunningServer server = default!;
    IPlaywright playwright = default!;
    IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        server = new RunningServer();
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
    public async Task The_workers_page_shows_the_local_worker_with_its_memory()
    {
        var worker = await server.WaitForWorkerAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });

        await page.GotoAsync(new Uri(server.BaseAddress, "/workers").ToString());

        var row = page.Locator("[data-testid=worker-row]");
        await row.WaitForAsync();
        var text = await row.TextContentAsync() ?? "";
        Assert.Contains("local", text);
        Assert.Contains(worker.ProcessId.ToString(), text);
        Assert.Contains("GiB", text);
        Assert.Contains("idle", text);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("workers.png"), FullPage = true });
    }
}
