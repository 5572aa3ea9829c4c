using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// Real accounts on a test's server, and their sessions: the session cookie is the one the sign-in page would set
/// (the same user, claims and signing keys), made without typing a password so that tests about other pages do not
/// each go through the sign-in form (the access tests do, in a real browser).
/// </summary>
public static class SignedInUsers
{
    public const string Password = "correct horse battery";

    /// <summary>Makes the account (once) and returns it.</summary>
    public static async Task<HessianUser> EnsureUserAsync(this RunningServer server, string name, string role)
    {
        using var scope = server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        if (await users.FindByNameAsync(name) is { } existing) return existing;
        var user = new HessianUser { UserName = name, Role = role, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>The value of the session cookie (<see cref="AccessSetup.SessionCookie"/>) of a signed-in <paramref name="name"/>.</summary>
    public static async Task<string> SessionCookieAsync(this RunningServer server, string name = "admin", string role = Roles.Admin)
    {
        var user = await server.EnsureUserAsync(name, role);
        using var scope = server.Services.CreateScope();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<HessianUser>>().CreateAsync(user);
        var cookie = server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddDays(1) }, IdentityConstants.ApplicationScheme);
        return cookie.TicketDataFormat.Protect(ticket);
    }

    /// <summary>An HTTP client signed in as <paramref name="name"/> by its session cookie, as a browser is.</summary>
    public static async Task<HttpClient> SignedInHttpAsync(this RunningServer server, string name, string role)
    {
        var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"{AccessSetup.SessionCookie}={await server.SessionCookieAsync(name, role)}");
        return client;
    }
}
