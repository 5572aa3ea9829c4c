using HessianWeb.Server.Access;
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

    /// <summary>A fresh browser context, with no session (<see cref="Chromium.NewContextAsync"/>).</summary>
    protected Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null) => Chromium.NewContextAsync(Browser, options);

    /// <summary>A browser context signed in as <paramref name="name"/> (an admin unless told otherwise), by its session cookie.</summary>
    protected async Task<IBrowserContext> SignedInContextAsync(BrowserNewContextOptions? options = null, string name = "admin", string role = Roles.Admin)
    {
        var context = await NewContextAsync(options);
        await context.AddCookiesAsync([new Cookie { Name = AccessSetup.SessionCookie, Value = await Server.SessionCookieAsync(name, role), Url = Server.BaseAddress.ToString() }]);
        return context;
    }

    /// <summary>A page in its own signed-in context (<see cref="SignedInContextAsync"/>).</summary>
    protected async Task<IPage> SignedInPageAsync(BrowserNewContextOptions? options = null, string name = "admin", string role = Roles.Admin) =>
        await (await SignedInContextAsync(options, name, role)).NewPageAsync();

    public async Task DisposeAsync()
    {
        // The browser first, so that the server is not left waiting on its open circuits.
        await Browser.CloseAsync();
        playwright?.Dispose();
        Server.Dispose();
    }
}
