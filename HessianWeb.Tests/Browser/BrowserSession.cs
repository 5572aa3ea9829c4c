using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// What every browser test stands on: the real server on a loopback port (with its real local worker, or none when the
/// test writes its runs into the store itself) and Debian's Chromium driven by Playwright, one of each per test.
/// </summary>
public abstract class BrowserSession(bool startLocalWorker) : IAsyncLifetime
{
    IPlaywright? playwright;

    protected RunningServer Server { get; private set; } = default!;
    protected IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Server = new RunningServer(startLocalWorker);
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        // The browser first, so that the server is not left waiting on its open circuits.
        await Browser.CloseAsync();
        playwright?.Dispose();
        Server.Dispose();
    }
}
