using System.Security.Claims;
using System.Text.Encodings.Web;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Access.Tokens;

/// <summary>
/// Every bearer token: the bootstrap token (<c>Access:BootstrapToken</c>, an admin), a user's API token (acts as the
/// user, with the lower of the token's and the user's role), and a worker's token. Workers' SignalR connections send
/// theirs as <c>access_token</c> in the query string of the hub's WebSocket upgrade; nowhere else is one read from a URL.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IConfiguration configuration, WorkerTokens workerTokens, WorkerTokenStore storedWorkerTokens, ApiTokens apiTokens, UserManager<HessianUser> users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    public const string BootstrapKey = "Access:BootstrapToken";

    /// <summary>The token a request presents, if any.</summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Path.StartsWithSegments(ComputeHubRoute.Path) && request.Query.TryGetValue("access_token", out var q) ? q.ToString() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { Length: > 0 } token) return AuthenticateResult.NoResult();

        if (configuration[BootstrapKey] is { Length: > 0 } bootstrap && SecretTokens.SameSecret(token, bootstrap))
            return Success([new(ClaimTypes.Name, "bootstrap"), new(ClaimTypes.Role, Roles.Admin), new(AccessClaims.Via, "bootstrap")]);

        if (workerTokens.Identify(token) is { } configured) return Worker(configured);
        if (await storedWorkerTokens.IdentifyAsync(token, Context.RequestAborted) is { } stored) return Worker(stored.ToString());

        if (token.StartsWith(SecretTokens.ApiPrefix, StringComparison.Ordinal)
            && await apiTokens.FindAsync(token, Context.RequestAborted) is { } api
            && await users.FindByIdAsync(api.UserId) is { } user
            && !await users.IsLockedOutAsync(user))
            return Success([
                new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.UserName!),
                new(ClaimTypes.Role, Roles.Lower(api.Role, user.Role)), new(AccessClaims.Via, "api-token"),
            ]);

        return AuthenticateResult.Fail("The bearer token is not one this server knows, or it was revoked or has expired.");
    }

    AuthenticateResult Worker(string tokenId) =>
        Success([new(ClaimTypes.Name, $"worker:{tokenId}"), new(AccessClaims.WorkerToken, tokenId), new(AccessClaims.Via, "worker")]);

    AuthenticateResult Success(IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
