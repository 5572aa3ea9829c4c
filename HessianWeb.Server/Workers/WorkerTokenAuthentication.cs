using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// Authenticates workers on the hub by their token: the SignalR client sends it as a bearer header
/// on negotiate and as <c>access_token</c> in the query string on the WebSocket upgrade.
/// A connection without a valid token gets 401 before any hub method runs.
/// </summary>
public sealed class WorkerTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WorkerTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "WorkerToken";

    /// <summary>The claim naming the token a worker presented (<see cref="WorkerTokens.Identify"/>), never the token itself.</summary>
    public const string TokenClaim = "hw:worker-token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header["Bearer ".Length..].Trim();
        else if (Request.Query.TryGetValue("access_token", out var q)) token = q.ToString();

        if (token is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (tokens.Identify(token) is not { } tokenId) return Task.FromResult(AuthenticateResult.Fail("Invalid worker token."));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, "worker"), new Claim(TokenClaim, tokenId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
