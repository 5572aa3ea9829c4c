using System.Security.Claims;
using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Components.Layout;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Tests.Server.Access.Pages;

/// <summary>The app bar shows each principal the links its role opens, and a share link's holder none.</summary>
public sealed class AppBarTests : DashboardTestContext
{
    IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

    void ActAs(string role)
    {
        Authorization.SetRoles(role);
        Authorization.SetClaims(new Claim(ClaimTypes.Role, role));
    }

    [Fact]
    public void A_viewer_has_workers_and_their_menu_but_no_new_run()
    {
        ActAs(Roles.Viewer);

        var layout = RenderLayout();

        Assert.NotNull(layout.Find("[data-testid=nav-workers]"));
        Assert.Empty(layout.FindAll("[data-testid=nav-new-run]"));
        Assert.Contains("tester · viewer", layout.Find("[data-testid=user-menu]").TextContent);
        Assert.Equal("/", layout.Find("a[data-testid=app-title]").GetAttribute("href"));
    }

    [Fact]
    public void A_member_may_start_a_new_run()
    {
        ActAs(Roles.Member);

        var layout = RenderLayout();

        Assert.Equal("/runs/new", layout.Find("[data-testid=nav-new-run]").GetAttribute("href"));
        Assert.Contains("tester · member", layout.Find("[data-testid=user-menu]").TextContent);
    }

    [Fact]
    public void A_share_holder_sees_a_read_only_chip_and_no_links()
    {
        Authorization.SetAuthorized("share link");
        Authorization.SetRoles();
        Authorization.SetClaims(new Claim(AccessClaims.SharedRun, Guid.NewGuid().ToString()));

        var layout = RenderLayout();

        Assert.Contains("Read-only shared view", layout.Find("[data-testid=shared-view]").TextContent);
        Assert.Empty(layout.FindAll("[data-testid=nav-workers]"));
        Assert.Empty(layout.FindAll("[data-testid=nav-new-run]"));
        Assert.Empty(layout.FindAll("[data-testid=user-menu]"));
        Assert.Empty(layout.FindAll("a[data-testid=app-title]"));
        Assert.Contains("page", layout.Markup);
    }
}
