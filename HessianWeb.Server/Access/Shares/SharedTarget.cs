using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace HessianWeb.Server.Access.Shares;

/// <summary>
/// What a request or page asks to read, as a share link sees it: the runs of <c>/runs/{id}</c>, <c>/compare?runs=…</c>
/// and their <c>/api/</c> reads, or the sweep of <c>/sweeps/{id}</c>. Any other address is nothing a link can open.
/// </summary>
public sealed record SharedTarget(IReadOnlyList<Guid> RunIds, Guid? SweepId)
{
    public static SharedTarget? Of(PathString path, IQueryCollection query)
    {
        var segments = (path.Value ?? "").Trim('/').Split('/');
        if (segments is ["api", .. var rest]) segments = rest;
        return segments switch
        {
            ["runs", var id, ..] when Guid.TryParse(id, out var run) => new([run], null),
            ["sweeps", var id, ..] when Guid.TryParse(id, out var sweep) => new([], sweep),
            ["compare", ..] => Compared(query["runs"].ToString()),
            _ => null,
        };
    }

    public static SharedTarget? Of(Uri uri) =>
        Of(new PathString(uri.AbsolutePath), new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)));

    static SharedTarget? Compared(string runs)
    {
        var ids = new List<Guid>();
        foreach (var part in runs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id)) return null;
            ids.Add(id);
        }
        return ids.Count == 0 ? null : new(ids, null);
    }

    /// <summary>Whether the share links the principal holds open all of this.</summary>
    public bool CoveredBy(ClaimsPrincipal user)
    {
        if (SweepId is { } sweep) return user.HasClaim(AccessClaims.SharedSweep, sweep.ToString());
        return RunIds.Count > 0 && RunIds.All(id => user.HasClaim(AccessClaims.SharedRun, id.ToString()));
    }
}
