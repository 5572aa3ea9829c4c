using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Access.Accounts;

/// <summary>Puts the user's role in their sign-in cookie, where the policies read it.</summary>
public sealed class RoleClaimsFactory(UserManager<HessianUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<HessianUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(HessianUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(AccessClaims.Via, "cookie"));
        return identity;
    }
}
