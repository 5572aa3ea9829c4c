using HessianWeb.Server.Access;

namespace HessianWeb.Tests.Server.Access;

/// <summary>Who asks: the columns of the access matrix.</summary>
public enum Principal { Anonymous, Viewer, Member, Admin, MemberApiToken, ShareLink, RevokedLink, ExpiredLink, WorkerToken }

/// <summary>The one table of who each policy lets in (Issue 13's access model, docs in Server/Access/Policies.cs).</summary>
public static class AccessExpectations
{
    static readonly Principal[] Roles = [Principal.Viewer, Principal.Member, Principal.Admin, Principal.MemberApiToken];
    static readonly Principal[] Members = [Principal.Member, Principal.Admin, Principal.MemberApiToken];

    static readonly Dictionary<string, Principal[]> Allowed = new()
    {
        [AccessSurvey.Anonymous] = Enum.GetValues<Principal>(),
        // A route that names none falls to the fallback policy, which lets nobody in (and the survey reports it).
        [AccessSurvey.Unnamed] = [],
        // A share link reads what it opens; the matrix's link opens the run or sweep the request names.
        [Policies.Reader] = [.. Roles, Principal.ShareLink],
        [Policies.Viewer] = Roles,
        [Policies.Member] = Members,
        [Policies.Admin] = [Principal.Admin],
        [Policies.Worker] = [Principal.WorkerToken],
        // Blazor's circuit: anyone the server recognises; each page it shows checks that page's own policy.
        [Policies.Connected] = [.. Roles, Principal.ShareLink],
    };

    public static bool Allows(string policy, Principal principal) =>
        Allowed.TryGetValue(policy, out var allowed) ? allowed.Contains(principal)
        : throw new ArgumentException($"The matrix has no row for policy '{policy}': add it to {nameof(AccessExpectations)}.", nameof(policy));
}
