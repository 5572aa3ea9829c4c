using Microsoft.AspNetCore.Identity;

namespace HessianWeb.Server.Access.Accounts;

/// <summary>An account of the group: ASP.NET Core Identity's user with its one role (<see cref="Roles"/>).</summary>
public sealed class HessianUser : IdentityUser
{
    public string Role { get; set; } = Roles.Viewer;
    public DateTime CreatedAt { get; set; }
}
