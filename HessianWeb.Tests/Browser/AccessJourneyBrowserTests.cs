using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The journey through the UI alone, in one server's life: the first start's setup link makes the admin; the
/// admin invites a viewer from /admin; the viewer, in a browser of their own, can read runs but not launch one (no
/// button, the form's page refused, the API refused).
/// </summary>
public sealed class AccessJourneyBrowserTests() : BrowserSession(startLocalWorker: false)
{
    static readonly BrowserNewContextOptions Window = new() { ViewportSize = new() { Width = 1400, Height = 950 } };

    [Fact]
    public async Task Setup_link_then_an_invited_viewer_who_reads_but_cannot_launch()
    {
        var run = await FabricatedRun.CreateAsync(Server.Store, Server.Results);
        var setup = await Server.Services.GetRequiredService<SetupLink>().Printed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(setup);

        // First start: the setup link makes the admin, signed in.
        var admin = await (await NewContextAsync(Window)).NewPageAsync();
        await admin.GotoAsync(setup);
        await NewAccountForm.FillAsync(admin, "ada");
        await admin.ClickAsync("[data-testid=submit]");
        await admin.Locator("[data-testid=user-menu]").WaitForAsync();
        Assert.Contains("ada · admin", await admin.Locator("[data-testid=user-menu]").TextContentAsync());

        // The admin invites a viewer on /admin's Invitations tab.
        await admin.GotoAsync(Address("/admin"));
        await admin.Locator("[data-interactive=true] [data-testid=user-row]").WaitForAsync();
        await admin.Locator(".mud-tab", new() { HasTextString = "Invitations" }).ClickAsync();
        await admin.Locator("[data-testid=invite-role]").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = Roles.Viewer }).ClickAsync();
        // The choice is the circuit's once the select shows it (a click on Create before that would invite a member).
        await admin.WaitForFunctionAsync("() => document.querySelector('[data-testid=invite-role]')?.textContent.trim() === 'viewer'");
        await admin.Locator("input[data-testid=invite-note], [data-testid=invite-note] input").FillAsync("Ben, reviewer");
        await admin.Locator("[data-testid=invite-create]").ClickAsync();
        var invitation = (await admin.Locator("[data-testid=invite-url]").TextContentAsync())!.Trim();
        Assert.StartsWith(Address("/invite?token="), invitation);
        Assert.Contains("viewer", await admin.Locator("[data-testid=invite-created]").TextContentAsync());
        await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/invitation.png") });

        // The viewer, in a browser of their own, takes the invitation.
        var viewer = await (await NewContextAsync(Window)).NewPageAsync();
        await viewer.GotoAsync(invitation);
        await NewAccountForm.FillAsync(viewer, "ben");
        await viewer.ClickAsync("[data-testid=submit]");
        await viewer.Locator("[data-testid=user-menu]").WaitForAsync();
        Assert.Contains("ben · viewer", await viewer.Locator("[data-testid=user-menu]").TextContentAsync());

        // Reads: the runs list and the run.
        await viewer.Locator($"a[href='/runs/{run.Id}']").First.WaitForAsync();
        await viewer.GotoAsync(Address($"/runs/{run.Id}"));
        await viewer.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-loss]')?.dataset.points > 0");

        // Cannot launch: no button, the form's page refused in words, the API refused.
        Assert.Equal(0, await viewer.Locator("[data-testid=nav-new-run]").CountAsync());
        await viewer.GotoAsync(Address("/runs/new"));
        await Chromium.ArriveAsync(viewer, "[data-testid=denied]", url => url.Contains(AccessPaths.Denied, StringComparison.Ordinal));
        Assert.Contains("viewer", await viewer.Locator("[data-testid=denied]").TextContentAsync());
        await viewer.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("access/viewer-denied.png") });
        var launch = await viewer.APIRequest.PostAsync(Address("/api/runs"), new() { DataObject = new { name = "from a viewer" } });
        Assert.Equal(403, launch.Status);
        Assert.Equal(1, (await Server.Listing.QueryAsync(RunQuery.Parse(_ => null).Query)).Total);

        // The admin sees the viewer on the Users tab and the invitation accepted, and the audit log has the account.
        await admin.GotoAsync(Address("/admin"));
        await admin.Locator("[data-interactive=true] [data-testid=user-row][data-user=ben]").WaitForAsync();
        await admin.Locator(".mud-tab", new() { HasTextString = "Audit log" }).ClickAsync();
        await admin.Locator("[data-testid=audit-row]", new() { HasTextString = "invitation created" }).WaitForAsync();
        await admin.Locator("[data-testid=audit-row]", new() { HasTextString = "account created" }).First.WaitForAsync();
    }

    string Address(string path) => new Uri(Server.BaseAddress, path).ToString();
}
