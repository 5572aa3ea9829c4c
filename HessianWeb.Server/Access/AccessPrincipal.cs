using System.Security.Claims;

namespace HessianWeb.Server.Access;

/// <summary>What the features ask of the signed-in principal, in one place.</summary>
public static class AccessPrincipal
{
    /// <summary>The name runs and the audit log record ("bootstrap" for the bootstrap token; a share link has none).</summary>
    public static string? UserName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name);

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);

    public static bool Has(this ClaimsPrincipal user, string role) => user.Role() is { } r && Roles.Covers(r, role);

    public static bool CanLaunch(this ClaimsPrincipal user) => user.Has(Roles.Member);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.Has(Roles.Admin);

    /// <summary>Admins delete any run; members their own.</summary>
    public static bool CanDelete(this ClaimsPrincipal user, string? launchedBy) =>
        user.IsAdmin() || (user.CanLaunch() && launchedBy is not null && launchedBy == user.UserName());

    /// <summary>Someone who opened a share link and holds no account here.</summary>
    public static bool IsShareHolder(this ClaimsPrincipal user) => user.Role() is null && user.HasClaim(c => c.Type is AccessClaims.SharedRun or AccessClaims.SharedSweep);
}
