namespace HessianWeb.Server.Access.Pages;

/// <summary>The tokens page's create form: a name, a role no higher than the user's, and an optional lifetime in days.</summary>
public sealed class NewApiTokenForm
{
    public string? Name { get; set; }
    public string Role { get; set; } = Roles.Viewer;
    public int? ExpiresInDays { get; set; }

    /// <summary>What is wrong with the fields, in words (<see cref="Tokens.ApiTokens.Problem"/>); null when nothing is.</summary>
    public string? Problem(string userRole) => Tokens.ApiTokens.Problem(Name, Role, userRole, ExpiresInDays)?.Message;
}
