namespace HessianWeb.Server.Access.Pages;

/// <summary>The tokens page's create form: a name, a role no higher than the user's, and an optional lifetime in days.</summary>
public sealed class NewApiTokenForm
{
    public const int LongestDays = 365;

    public string? Name { get; set; }
    public string Role { get; set; } = Roles.Viewer;
    public int? ExpiresInDays { get; set; }

    /// <summary>What is wrong with the fields, in words (the same rules as <c>POST /api/tokens</c>); null when nothing is.</summary>
    public string? Problem(string userRole) =>
        string.IsNullOrWhiteSpace(Name) ? "Give the token a name, e.g. the script it is for."
        : !Roles.IsRole(Role) ? $"Choose one of the roles: {string.Join(", ", Roles.All)}."
        : !Roles.Covers(userRole, Role) ? $"A token's role can be at most yours ({userRole})."
        : ExpiresInDays is < 1 or > LongestDays ? $"A token lasts between 1 and {LongestDays} days; leave the field empty for no expiry."
        : null;
}
