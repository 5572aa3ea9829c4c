using System.Security.Claims;
using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Shares.Pages;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HessianWeb.Tests.Server.Access.Shares;

public sealed class SharesPageTests : DashboardTestContext
{
    ShareLinks Links => Services.GetRequiredService<ShareLinks>();

    [Fact]
    public async Task An_admin_sees_every_link_and_revokes_one_after_confirming()
    {
        var run = await CreateRunAsync("shared run");
        var mine = (await Links.CreateAsync(ShareKind.Run, [run.Id], TimeSpan.FromDays(7), "tester", "for the reviewers"))!.Link;
        await Links.CreateAsync(ShareKind.Run, [run.Id], TimeSpan.FromDays(1), "someone");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<SharesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=share-row]").Count), Patience);
        var row = page.Find($"[data-share-id='{mine.Id}']");
        Assert.Contains("shared run", row.TextContent);
        Assert.Contains("for the reviewers", row.TextContent);
        Assert.Equal($"/runs/{run.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("live", row.QuerySelector("[data-testid=share-status]")!.TextContent.Trim());

        page.Find($"[data-share-id='{mine.Id}'] [data-testid=share-revoke]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click(), Patience);

        page.WaitForAssertion(() => Assert.Equal("revoked", page.Find($"[data-share-id='{mine.Id}'] [data-testid=share-status]").TextContent.Trim()), Patience);
        Assert.NotNull((await Links.FindAsync(mine.Id))!.RevokedAt);
        Assert.Single(page.FindAll("[data-testid=share-revoke]"));
    }

    [Fact]
    public async Task A_member_sees_only_the_links_they_made()
    {
        Authorization.SetRoles(Roles.Member);
        Authorization.SetPolicies(Policies.Reader, Policies.Viewer, Policies.Member, Policies.Connected);
        Authorization.SetClaims(new Claim(ClaimTypes.Role, Roles.Member));
        var run = await CreateRunAsync();
        await Links.CreateAsync(ShareKind.Run, [run.Id], TimeSpan.FromDays(7), "tester", "mine");
        await Links.CreateAsync(ShareKind.Run, [run.Id], TimeSpan.FromDays(7), "someone", "theirs");

        var page = Render<SharesPage>();

        page.WaitForAssertion(() => Assert.Contains("mine", page.Find("[data-testid=share-row]").TextContent), Patience);
        Assert.Single(page.FindAll("[data-testid=share-row]"));
        Assert.DoesNotContain("theirs", page.Markup);
    }

    [Fact]
    public void Without_links_the_page_says_how_to_make_one()
    {
        var page = Render<SharesPage>();
        page.WaitForAssertion(() => Assert.Contains("Read-only share link…", page.Find("[data-testid=shares-empty]").TextContent), Patience);
    }
}
