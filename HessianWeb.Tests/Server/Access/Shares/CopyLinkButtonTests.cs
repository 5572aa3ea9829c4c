using System.Security.Claims;
using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Components.Sharing;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HessianWeb.Tests.Server.Access.Shares;

public sealed class CopyLinkButtonTests : DashboardTestContext
{
    [Fact]
    public async Task A_read_only_link_from_the_menu_covers_the_compared_runs_and_is_shown_with_its_expiry()
    {
        var a = await CreateRunAsync("a");
        var b = await CreateRunAsync("b");
        var providers = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
        });
        var button = Render<CopyLinkButton>(p => p.Add(c => c.Kind, ShareKind.Comparison).Add(c => c.Ids, [a.Id, b.Id]));

        button.Find("[data-testid=copy-link-menu] button").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=make-share-link]").Click(), Patience);
        providers.WaitForAssertion(() => providers.Find("[data-testid=share-create]").Click(), Patience);

        providers.WaitForAssertion(() => providers.Find("[data-testid=share-sentence]"), Patience);
        var link = Assert.Single(await Services.GetRequiredService<ShareLinks>().ListAsync());
        Assert.Equal((ShareKind.Comparison, $"{a.Id},{b.Id}", "tester"), (link.Kind, link.RunIds, link.CreatedBy));
        Assert.Equal(link.CreatedAt.AddDays(7), link.ExpiresAt);
        var url = providers.Find("input[data-testid=share-url], [data-testid=share-url] input").GetAttribute("value")!;
        Assert.StartsWith($"http://localhost/compare?runs={a.Id},{b.Id}&share=", url);
        var check = await Services.GetRequiredService<ShareLinks>().CheckAsync(url[(url.IndexOf("share=", StringComparison.Ordinal) + 6)..]);
        Assert.Equal(link.Id, check.Link?.Id);
        Assert.Contains("Anyone with this link can see this comparison read-only until", providers.Find("[data-testid=share-sentence]").TextContent);
    }

    [Fact]
    public async Task A_viewer_gets_only_the_link_for_members()
    {
        Authorization.SetRoles(Roles.Viewer);
        Authorization.SetPolicies(Policies.Reader, Policies.Viewer, Policies.Connected);
        Authorization.SetClaims(new Claim(ClaimTypes.Role, Roles.Viewer));
        var run = await CreateRunAsync();

        var button = Render<CopyLinkButton>(p => p.Add(c => c.Kind, ShareKind.Run).Add(c => c.Ids, [run.Id]));

        button.Find("[data-testid=copy-link]");
        Assert.Empty(button.FindAll("[data-testid=copy-link-menu]"));
        Assert.DoesNotContain("share link", button.Markup, StringComparison.OrdinalIgnoreCase);
    }
}
