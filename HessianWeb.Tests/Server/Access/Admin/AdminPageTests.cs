using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Admin;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using AccountStore = HessianWeb.Server.Access.Accounts.Accounts;
using InvitationStore = HessianWeb.Server.Access.Invitations.Invitations;

namespace HessianWeb.Tests.Server.Access.Admin;

public sealed class AdminPageTests : DashboardTestContext
{
    [Fact]
    public async Task A_role_changed_on_the_users_tab_is_stored_and_shows_in_the_audit_log()
    {
        var bob = await AddUserAsync("bob", Roles.Viewer);
        var page = Render<AdminPage>();
        page.WaitForAssertion(() => Assert.Contains("bob", page.Find("[data-testid=user-row]").TextContent), Patience);

        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.GetState(x => x.Value) == Roles.Viewer);
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Member));

        Assert.Equal(Roles.Member, (await Services.GetRequiredService<AccountStore>().ListAsync()).Single(u => u.Id == bob.Id).Role);
        page.FindAll(".mud-tab")[2].Click();
        page.WaitForAssertion(() =>
        {
            var entry = page.Find("[data-testid=audit-row]").TextContent;
            Assert.Contains("tester", entry);
            Assert.Contains("role changed", entry);
            Assert.Contains("bob", entry);
            Assert.Contains("viewer → member", entry);
        }, Patience);
    }

    [Fact]
    public async Task Demoting_the_only_admin_is_refused_in_words()
    {
        await AddUserAsync("alice", Roles.Admin);
        var page = Render<AdminPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=user-row]"), Patience);

        var select = page.FindComponents<MudSelect<string>>().Single();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Viewer));

        page.WaitForAssertion(() => Assert.Contains("alice is the only admin", page.Find("[data-testid=users-problem]").TextContent), Patience);
        Assert.Equal(Roles.Admin, (await Services.GetRequiredService<AccountStore>().ListAsync()).Single().Role);
    }

    [Fact]
    public async Task A_new_invitation_shows_its_link_once_and_is_then_listed_as_open()
    {
        var page = Render<AdminPage>();
        page.FindAll(".mud-tab")[1].Click();
        page.WaitForAssertion(() => page.Find("[data-testid=invitations-empty]"), Patience);

        page.Find("[data-testid=invite-create]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=invite-url]"), Patience);
        var url = page.Find("[data-testid=invite-url]").TextContent;
        Assert.StartsWith("http://localhost/invite?token=", url);
        Assert.Contains("can join as member until", page.Find("[data-testid=invite-created]").TextContent);
        var (invitation, problem) = await Services.GetRequiredService<InvitationStore>().CheckAsync(url[(url.IndexOf('=') + 1)..]);
        Assert.Null(problem);
        Assert.Equal(Roles.Member, invitation!.Role);
        Assert.Equal("open", page.Find("[data-testid=invitation-status]").TextContent.Trim());

        // Opened again, the page lists the invitation but no longer has its link.
        var again = Render<AdminPage>();
        again.FindAll(".mud-tab")[1].Click();
        again.WaitForAssertion(() => Assert.Equal("open", again.Find("[data-testid=invitation-status]").TextContent.Trim()), Patience);
        Assert.Empty(again.FindAll("[data-testid=invite-url]"));
        Assert.DoesNotContain("token=", again.Markup);
    }

    async Task<HessianUser> AddUserAsync(string name, string role)
    {
        using var scope = Services.CreateScope();
        var user = new HessianUser { UserName = name, Role = role, CreatedAt = DateTime.UtcNow };
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>().CreateAsync(user);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return user;
    }
}
