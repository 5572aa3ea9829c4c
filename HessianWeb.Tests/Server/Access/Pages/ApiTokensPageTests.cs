using System.Security.Claims;
using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Pages;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access.Pages;

/// <summary>The API tokens page of a member ("grace"): make a token, see its secret once, revoke it.</summary>
public sealed class ApiTokensPageTests : DashboardTestContext
{
    const string UserId = "user-grace";

    public ApiTokensPageTests()
    {
        Authorization.SetAuthorized("grace");
        Authorization.SetRoles(Roles.Member);
        Authorization.SetPolicies(Policies.Reader, Policies.Viewer, Policies.Member, Policies.Connected);
        Authorization.SetClaims(new Claim(ClaimTypes.Role, Roles.Member), new Claim(ClaimTypes.NameIdentifier, UserId));
    }

    ApiTokens Tokens => Services.GetRequiredService<ApiTokens>();

    [Fact]
    public async Task A_new_token_shows_its_secret_and_a_curl_line_once_and_the_list_shows_the_token_without_it()
    {
        var page = Render<ApiTokensPage>();
        page.WaitForAssertion(() => Assert.Contains("You have no API tokens yet", page.Find("[data-testid=tokens-empty]").TextContent), Patience);

        page.Find("input[data-testid=token-name]").Input("nightly sweep");
        await page.InvokeAsync(() => page.Find("button[data-testid=create-token]").Click());

        page.WaitForAssertion(() => page.Find("[data-testid=created-token]"), Patience);
        var secret = page.Find("input[data-testid=token-secret]").GetAttribute("value")!;
        Assert.StartsWith(SecretTokens.ApiPrefix, secret);
        Assert.Contains("shown once; store it now", page.Find("[data-testid=created-token]").TextContent);
        Assert.Equal($"curl -H \"Authorization: Bearer {secret}\" http://localhost/api/runs", page.Find("[data-testid=token-curl]").TextContent);
        var row = page.Find("[data-testid=token-row]");
        Assert.Contains("nightly sweep", row.TextContent);
        Assert.Contains(Roles.Member, row.TextContent);
        Assert.Equal("active", page.Find("[data-testid=token-state]").TextContent);
        Assert.DoesNotContain(secret, page.Find("[data-testid=tokens-table]").OuterHtml);
        // The secret is the token: it acts as grace, with the role chosen (hers by default).
        var stored = await Tokens.FindAsync(secret);
        Assert.Equal((UserId, "grace", Roles.Member), (stored!.UserId, stored.UserName, stored.Role));

        // Coming back to the page: the token is listed, its secret is nowhere.
        var again = Render<ApiTokensPage>();
        again.WaitForAssertion(() => Assert.Contains("nightly sweep", again.Find("[data-testid=token-row]").TextContent), Patience);
        Assert.Empty(again.FindAll("[data-testid=created-token]"));
        Assert.DoesNotContain(secret, again.Markup);
    }

    [Fact]
    public void A_token_without_a_name_is_not_made_and_the_page_says_why()
    {
        var page = Render<ApiTokensPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=tokens-empty]"), Patience);

        page.Find("button[data-testid=create-token]").Click();

        page.WaitForAssertion(() => Assert.Contains("Give the token a name", page.Find("[data-testid=token-problem]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=created-token]"));
        Assert.NotNull(page.Find("[data-testid=tokens-empty]"));
    }

    [Fact]
    public async Task Revoke_asks_first_then_the_token_stops_working_and_shows_as_revoked()
    {
        var (mine, secret) = await Tokens.CreateAsync(UserId, "grace", "laptop", Roles.Viewer, null);
        await Tokens.CreateAsync("user-other", "other", "not hers", Roles.Viewer, null);
        var page = Render<ApiTokensPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=token-row]")), Patience);
        Assert.Contains("laptop", page.Find("[data-testid=token-row]").TextContent);

        page.Find("button[data-testid=revoke-token]").Click();
        Assert.NotNull(await Tokens.FindAsync(secret));
        await page.InvokeAsync(() => page.Find("button[data-testid=confirm-revoke]").Click());

        page.WaitForAssertion(() => Assert.StartsWith("revoked", page.Find("[data-testid=token-state]").TextContent), Patience);
        Assert.Empty(page.FindAll("button[data-testid=revoke-token]"));
        Assert.Null(await Tokens.FindAsync(secret));
        Assert.Equal(mine.Id, (await Tokens.ListAsync(UserId)).Single(t => t.RevokedAt is not null).Id);
    }
}
