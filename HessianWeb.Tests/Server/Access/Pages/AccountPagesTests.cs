using System.Net;
using System.Text.RegularExpressions;
using HessianWeb.Server.Access;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access.Pages;

/// <summary>The account pages as a browser without a session gets them: plain forms without a circuit, problems in words.</summary>
public sealed class AccountPagesTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    async Task<string> PageAsync(string address, HttpClient? http = null)
    {
        var response = await (http ?? server.AnonymousHttp()).GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_sign_in_page_is_a_plain_form_with_its_antiforgery_token_and_no_circuit()
    {
        var html = await PageAsync(AccessPaths.Login);

        Assert.Contains("name=\"__RequestVerificationToken\"", html);
        Assert.Contains("name=\"_handler\" value=\"login\"", html);
        Assert.DoesNotContain("\"type\":\"server\"", html);
        // No admin yet: the page says where the first one comes from.
        Assert.Contains("Open the setup link printed on the server's console", html);
    }

    [Fact]
    public async Task Sign_in_posts_are_rate_limited_per_address_and_the_refusal_is_a_sentence()
    {
        var login = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == AccessPaths.Login);
        Assert.Equal(AccessSetup.LoginRateLimit, login.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);

        var http = server.AnonymousHttp();
        for (var i = 0; i < 10; i++)
        {
            var allowed = await http.PostAsync(AccessPaths.Login, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login" }));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        var refused = await http.PostAsync(AccessPaths.Login, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login" }));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many sign-in attempts from your address", await refused.Content.ReadAsStringAsync());
        // Reading the page is not limited.
        await PageAsync(AccessPaths.Login);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_page_says_for_how_long()
    {
        await server.EnsureUserAsync("grace", Roles.Member);
        var http = server.AnonymousHttp();
        var html = await PageAsync(AccessPaths.Login, http);
        var antiforgery = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        async Task<string> SignInAsync(string password)
        {
            var response = await http.PostAsync(AccessPaths.Login, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = antiforgery, ["Input.UserName"] = "grace", ["Input.Password"] = password,
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        for (var attempt = 1; attempt < 5; attempt++)
            Assert.Contains("The user name or the password is wrong. An account is locked for 10 minutes after 5 failed attempts in a row.", await SignInAsync("guess " + attempt));
        Assert.Contains("This account is locked for 10 minutes after 5 failed attempts in a row.", await SignInAsync("guess 5"));
        // Locked: even the right password does not sign in until the time is up.
        var locked = await SignInAsync(SignedInUsers.Password);
        Assert.Contains("This account is locked", locked);
        // The page that answers does not carry the password back.
        Assert.DoesNotContain(SignedInUsers.Password, locked);
    }

    [Theory]
    [InlineData("expired", "This share link has expired")]
    [InlineData("revoked", "This share link was withdrawn")]
    [InlineData("elsewhere", "not the page you asked for")]
    [InlineData("invalid", "not one this server made")]
    [InlineData("", "not one this server made")]
    public async Task A_share_link_that_opens_nothing_says_why(string why, string expected) =>
        Assert.Contains(expected, await PageAsync($"{AccessPaths.LinkUnavailable}?why={why}"));

    [Fact]
    public async Task A_wrong_setup_or_invitation_link_says_so_and_shows_no_form()
    {
        var setup = await PageAsync("/setup?token=guessed");
        Assert.Contains("This setup link opens nothing", setup);
        Assert.DoesNotContain("<form", setup);

        var invitation = await PageAsync("/invite?token=hwi_guessed");
        Assert.Contains("This invitation link is not one this server made.", invitation);
        Assert.DoesNotContain("<form", invitation);
    }

    [Fact]
    public async Task An_invitation_names_the_role_it_grants()
    {
        var (_, link) = await server.Services.GetRequiredService<HessianWeb.Server.Access.Invitations.Invitations>()
            .CreateAsync(Roles.Member, "for Grace", "admin");

        var html = await PageAsync(link);

        Assert.Contains("invited you as a <strong>member</strong>", html);
        Assert.Contains("name=\"_handler\" value=\"invitation\"", html);
    }

    [Fact]
    public async Task The_denied_page_names_the_role_that_cannot_open_the_page()
    {
        var html = await PageAsync(AccessPaths.Denied, await server.SignedInHttpAsync("vera", Roles.Viewer));

        Assert.Contains("Your role (viewer) cannot open that page.", html);
    }
}
