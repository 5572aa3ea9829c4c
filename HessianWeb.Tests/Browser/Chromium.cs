using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>Debian's Chromium under Playwright; nothing is downloaded (docs/notes/frontend.md).</summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>
    /// A browser context whose waits may take a minute: on the 2-core CI machine a page's load can pass Playwright's 30 s
    /// default while every test class runs beside it. A wait still ends at its event.
    /// </summary>
    public static async Task<IBrowserContext> NewContextAsync(IBrowser browser, BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options ?? new());
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>
    /// Waits for the page to show <paramref name="selector"/>, an element only the page it should reach has, then checks
    /// that page's address. It waits for the element, not for a URL: when the address already matches, Playwright's URL
    /// wait falls back on the page's load event whatever it was told, and on the loaded CI machine one such wait missed a
    /// load that had already come (its log had only "NetworkIdle event fired") and timed out on a page that was there.
    /// </summary>
    public static async Task ArriveAsync(IPage page, string selector, Func<string, bool> address)
    {
        await page.Locator(selector).First.WaitForAsync();
        Assert.True(address(page.Url), $"The page showing {selector} is at {page.Url}.");
    }

    /// <summary>Where a test leaves its screenshots: artifacts/screenshots/ at the checkout's top.</summary>
    public static string ScreenshotPath(string name)
    {
        var path = Path.Combine(Hosting.RepoRoot.Path, "artifacts", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
