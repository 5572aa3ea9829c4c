using System.Security.Claims;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Shares;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Access;

/// <summary>
/// An open page (a Blazor circuit) keeps the principal it started with; every minute this checks it again, so that a
/// changed role, a removed account or a revoked or expired share link reaches pages already open, not only the next
/// request. A principal that fails the check is signed out of the circuit, and the page's policy turns it away.
/// </summary>
public sealed class CircuitRevalidation(ILoggerFactory logging, IServiceScopeFactory scopes, ShareLinks links, IOptions<IdentityOptions> identity, TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(logging)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) => IsStillValidAsync(state.User, ct);

    /// <summary>Whether the account behind the principal is unchanged (its security stamp), or its share links still open something.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.IsShareHolder()) return await AnyLinkLiveAsync(user, ct);
        if (user.UserId() is not { } id) return true; // signed out already
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        if (await users.FindByIdAsync(id) is not { } account) return false;
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(account);
    }

    async Task<bool> AnyLinkLiveAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var claim in user.FindAll(AccessClaims.ShareLink))
            if (Guid.TryParse(claim.Value, out var id) && await links.FindAsync(id, ct) is { RevokedAt: null } link && link.ExpiresAt > now)
                return true;
        return false;
    }
}
