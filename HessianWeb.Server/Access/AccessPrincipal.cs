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

    /// <summary>Tags, notes, names and archiving: members and admins.</summary>
    public static bool CanAnnotate(this ClaimsPrincipal user) => user.Has(Roles.Member);

    /// <summary>Cancelling runs and sweeps and ordering the queue: members and admins, whoever launched the run.</summary>
    public static bool CanCancel(this ClaimsPrincipal user) => user.Has(Roles.Member);

    /// <summary>Admins delete any run; members their own.</summary>
    public static bool CanDelete(this ClaimsPrincipal user, string? launchedBy) =>
        user.IsAdmin() || (user.CanLaunch() && launchedBy is not null && launchedBy == user.UserName());

    /// <summary>
    /// Why <paramref name="user"/> may not <paramref name="action"/> ("cancel runs"), in words for a page or a problem
    /// detail: a share link and a viewer's account read only; a member deletes only the runs they launched.
    /// </summary>
    public static string Refusal(this ClaimsPrincipal user, string action) => user switch
    {
        _ when user.IsShareHolder() => $"You may not {action}: a share link shows what it covers, read only.",
        _ when user.CanLaunch() => $"You may not {action}: only its launcher or an admin may delete a run.",
        _ when user.Role() is { } role => $"You may not {action}: your account is a {role}'s, which reads only.",
        _ => $"You may not {action}: sign in as a member or an admin first.",
    };

    /// <summary>Someone who opened a share link and holds no account here.</summary>
    public static bool IsShareHolder(this ClaimsPrincipal user) => user.Role() is null && user.HasClaim(c => c.Type is AccessClaims.SharedRun or AccessClaims.SharedSweep);
}
