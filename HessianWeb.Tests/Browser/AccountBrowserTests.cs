using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// Accounts through the browser's own forms: the first start's setup link, signing in (wrong, then right) to the page
/// that asked for it, an API token, and signing out from the app bar's menu.
/// </summary>
public sealed class AccountBrowserTests() : BrowserSession(startLocalWorker: false)
{
    static readonly BrowserNewContextOptions Screen = new() { ViewportSize = new() { Width = 1280, Height = 820 } };

    string Address(string path) => new Uri(Server.BaseAddress, path).ToString();

    [Fact]
    public async Task The_setup_link_makes_the_first_admin_signed_in_and_then_opens_nothing()
    {
        var link = await Server.Services.GetRequiredService<SetupLink>().Printed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(link);
        var page = await (await NewContextAsync(Screen)).NewPageAsync();

        await page.GotoAsync(link);
        await NewAccountForm.FillAsync(page, "ada");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/setup.png"), FullPage = true });
        await page.ClickAsync("[data-testid=submit]");

        await page.Locator("[data-testid=user-menu]").WaitForAsync();
        Assert.Equal(Address("/"), page.Url);
        Assert.Contains("ada · admin", await page.Locator("[data-testid=user-menu]").TextContentAsync());
        Assert.Null(Server.Services.GetRequiredService<SetupLink>().Url);

        var again = await (await NewContextAsync()).NewPageAsync();
        await again.GotoAsync(link);
        Assert.Contains("This setup link opens nothing", await again.Locator("[data-testid=setup-unavailable]").TextContentAsync());
        Assert.Equal(0, await again.Locator("form").CountAsync());
    }

    [Fact]
    public async Task Signing_in_says_when_the_password_is_wrong_and_returns_to_the_page_asked_for_then_a_token_and_sign_out()
    {
        await Server.EnsureUserAsync("admin", Roles.Admin);
        await Server.EnsureUserAsync("grace", Roles.Member);
        var page = await (await NewContextAsync(Screen)).NewPageAsync();

        // A page that needs an account sends the browser to sign in, remembering where it was going.
        await page.GotoAsync(Address("/workers"));
        await Chromium.ArriveAsync(page, "[data-testid=user-name]", url => url.Contains(AccessPaths.Login));
        await page.FillAsync("[data-testid=user-name]", "grace");
        await page.FillAsync("[data-testid=password]", "not her password");
        await page.ClickAsync("[data-testid=submit]");
        var problem = page.Locator("[data-testid=account-problem]");
        await problem.WaitForAsync();
        Assert.Contains("The user name or the password is wrong", await problem.TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/login.png"), FullPage = true });

        await page.FillAsync("[data-testid=password]", SignedInUsers.Password);
        await page.ClickAsync("[data-testid=submit]");
        await Chromium.ArriveAsync(page, "[data-testid=user-menu]", url => url == Address("/workers"));
        Assert.Contains("grace · member", await page.Locator("[data-testid=user-menu]").TextContentAsync());

        // An API token: its secret once, on the page that made it.
        await page.GotoAsync(Address("/account/tokens"));
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.Locator("input[data-testid=token-name]").FillAsync("nightly sweep");
        await page.ClickAsync("button[data-testid=create-token]");
        var secret = page.Locator("input[data-testid=token-secret]");
        await secret.WaitForAsync();
        Assert.StartsWith(SecretTokens.ApiPrefix, await secret.InputValueAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/tokens.png"), FullPage = true });

        // Sign out from the menu: a form post that ends the session.
        await page.ClickAsync("[data-testid=user-menu] button");
        await page.Locator("[data-testid=sign-out]").WaitForAsync();
        Assert.Equal(1, await page.Locator("[data-testid=menu-shares]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=menu-admin]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/user-menu.png") });
        await page.ClickAsync("[data-testid=sign-out]");
        await Chromium.ArriveAsync(page, "[data-testid=user-name]", url => url.Contains(AccessPaths.Login));
        await page.GotoAsync(Address("/workers"));
        await Chromium.ArriveAsync(page, "[data-testid=user-name]", url => url.Contains(AccessPaths.Login));
    }

    [Fact]
    public async Task An_invitation_makes_an_account_with_the_role_it_names_and_signs_it_in_once()
    {
        var (_, link) = await Server.Services.GetRequiredService<HessianWeb.Server.Access.Invitations.Invitations>()
            .CreateAsync(Roles.Viewer, "for Ben", "admin");
        var page = await (await NewContextAsync(Screen)).NewPageAsync();

        await page.GotoAsync(Address(link));
        Assert.Contains("admin invited you as a viewer", await page.Locator("[data-testid=invitation-role]").TextContentAsync());
        await NewAccountForm.FillAsync(page, "ben", "a different password");
        await page.ClickAsync("[data-testid=submit]");
        var problem = page.Locator("[data-testid=account-problem]");
        await problem.WaitForAsync();
        Assert.Contains("The two passwords differ", await problem.TextContentAsync());

        await NewAccountForm.FillAsync(page, "ben", SignedInUsers.Password);
        await page.ClickAsync("[data-testid=submit]");
        await page.Locator("[data-testid=user-menu]").WaitForAsync();
        Assert.Equal(Address("/"), page.Url);
        Assert.Contains("ben · viewer", await page.Locator("[data-testid=user-menu]").TextContentAsync());
        Assert.Equal(0, await page.Locator("[data-testid=nav-new-run]").CountAsync());

        var again = await (await NewContextAsync()).NewPageAsync();
        await again.GotoAsync(Address(link));
        Assert.Contains("already used", await again.Locator("[data-testid=invitation-unavailable]").TextContentAsync());
    }
}
