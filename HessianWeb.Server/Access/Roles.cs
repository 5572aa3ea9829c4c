namespace HessianWeb.Server.Access;

/// <summary>
/// The three roles of a group's members, each allowed what the one below it is: a viewer reads, a member also launches,
/// cancels, annotates and deletes their own runs, an admin also manages users, workers, tokens and everyone's runs.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Member = "member";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Member, Admin];

    public static bool IsRole(string? role) => role is not null && All.Contains(role);

    /// <summary>Whether <paramref name="role"/> may do all that <paramref name="other"/> may (an API token's role is at most its user's).</summary>
    public static bool Covers(string role, string other) => Rank(role) >= Rank(other);

    /// <summary>The lower of the two roles.</summary>
    public static string Lower(string a, string b) => Rank(a) <= Rank(b) ? a : b;

    static int Rank(string role) => role switch { Viewer => 1, Member => 2, Admin => 3, _ => 0 };
}
