using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// A read-only share link end to end: an admin makes it from the run page's Copy link menu, a browser without an account
/// opens the run with it (and nothing else), and once the admin revokes it on Share links the link opens nothing.
/// </summary>
public sealed class ShareLinkBrowserTests() : BrowserSession(startLocalWorker: false)
{
    static readonly BrowserNewContextOptions Window = new() { ViewportSize = new() { Width = 1400, Height = 1000 } };

    [Fact]
    public async Task A_read_only_link_opens_the_run_without_an_account_until_it_is_revoked()
    {
        var run = await FabricatedRun.CreateAsync(Server.Store, Server.Results);
        var name = (await Server.Results.GetAsync(run.Id))!.Name;
        var admin = await SignedInPageAsync(Window);

        await admin.GotoAsync(Address($"/runs/{run.Id}"));
        // Interactive once its charts hold points: a click on the prerendered menu would go nowhere.
        await admin.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-loss]')?.dataset.points > 0");
        await admin.Locator("[data-testid=copy-link-menu] button").ClickAsync();
        await admin.Locator("[data-testid=make-share-link]").ClickAsync();
        await admin.Locator("input[data-testid=share-label], [data-testid=share-label] input").FillAsync("for the reviewers");
        await admin.Locator("[data-testid=share-create]").ClickAsync();
        await admin.Locator("[data-testid=share-sentence]").WaitForAsync();
        Assert.Contains("can see this run read-only until", await admin.Locator("[data-testid=share-sentence]").TextContentAsync());
        var link = await admin.Locator("input[data-testid=share-url], [data-testid=share-url] input").InputValueAsync();
        Assert.StartsWith(Address($"/runs/{run.Id}?share="), link);
        await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/share-dialog.png") });
        await admin.Locator("[data-testid=share-done]").ClickAsync();

        // Someone without an account: the run, read-only, and nothing else.
        var guest = await (await NewContextAsync(Window)).NewPageAsync();
        await guest.GotoAsync(link);
        await guest.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-loss]')?.dataset.points > 0");
        Assert.Equal(name, (await guest.Locator("[data-testid=run-name]").TextContentAsync())?.Trim());
        Assert.Equal(0, await guest.Locator(".mud-appbar").GetByText("New run").CountAsync());
        Assert.Equal(0, await guest.Locator("[data-testid=nav-workers]").CountAsync());
        Assert.Equal(0, await guest.Locator("[data-testid=copy-link-menu]").CountAsync());
        await guest.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/shared-run.png"), FullPage = true });
        await guest.GotoAsync(Address("/"));
        Assert.Equal(0, await guest.Locator("[data-testid=runs-table]").CountAsync());
        Assert.Equal(0, await guest.Locator($"a[href='/runs/{run.Id}']").CountAsync());

        // The admin revokes it on Share links.
        await admin.GotoAsync(Address("/shares"));
        await admin.Locator("[data-interactive=true] [data-testid=share-row]").WaitForAsync();
        Assert.Contains("for the reviewers", await admin.Locator("[data-testid=share-row]").TextContentAsync());
        await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/shares.png") });
        await admin.Locator("[data-testid=share-revoke]").ClickAsync();
        await admin.Locator(".mud-dialog button", new() { HasTextString = "Revoke" }).ClickAsync();
        await admin.Locator("[data-testid=share-status]", new() { HasTextString = "revoked" }).WaitForAsync();

        // The audit log has both.
        await admin.GotoAsync(Address("/admin"));
        await admin.Locator("[data-interactive=true] [data-testid=user-row]").WaitForAsync();
        await admin.Locator(".mud-tab", new() { HasTextString = "Audit log" }).ClickAsync();
        await admin.Locator("[data-testid=audit-row]", new() { HasTextString = "share link revoked" }).WaitForAsync();
        await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/admin.png") });

        // The link now opens nothing, and says why (the page itself is the account pages').
        await guest.GotoAsync(link);
        await Chromium.ArriveAsync(guest, "[data-testid=link-unavailable]",
            url => url.Contains("/account/link-unavailable", StringComparison.Ordinal) && url.Contains("why=revoked", StringComparison.Ordinal));
    }

    string Address(string path) => new Uri(Server.BaseAddress, path).ToString();
}
