using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HessianWeb.Server.Access;
using Microsoft.AspNetCore.Http;

namespace HessianWeb.Tests.Server.Access;

/// <summary>The runs and sweeps the matrix's requests name: shared ones its share links open, throwaway ones for changes.</summary>
public sealed record MatrixTargets(Guid SharedRun, Guid SharedSweep, Guid ThrowawayRun, Guid ThrowawaySweep);

/// <summary>One cell of the matrix: what the policy says, and what the server answered.</summary>
public sealed record MatrixCell(SurveyedRoute Route, Principal Principal, bool Expected, bool Allowed, string Answer)
{
    public bool Agrees => Expected == Allowed;

    public override string ToString() =>
        $"{Route} as {Principal}: expected {(Expected ? "allow" : "deny")}, got {Answer}";
}

/// <summary>
/// Requests for the matrix and how their answers read. Allowed is any answer past authorization (a 400 for the dummy
/// body, a 404 for a made-up id, a 409 for a queued run all say the policy let the request through); denied is a 401 or
/// 403, or the redirect a page gets to sign in, to the denied page or to the unavailable-link page.
/// </summary>
public static partial class AccessMatrix
{
    public static HttpRequestMessage Request(SurveyedRoute route, MatrixTargets targets, string? shareToken)
    {
        var method = route.Method != AccessSurvey.AnyMethod ? route.Method
            : route.Pattern.EndsWith("negotiate", StringComparison.Ordinal) || route.Pattern.EndsWith("disconnect/", StringComparison.Ordinal) ? "POST" : "GET";
        var changes = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        // A page's POST is its own form's, about the page's run or sweep; an API's change goes to a throwaway one.
        var throwaway = changes && route.Kind == RouteKind.Api;
        var path = Parameter().Replace(route.Pattern, m => Value(m.Groups["name"].Value, m.Groups["constraint"].Value, route.Pattern, throwaway, targets));
        var query = new List<string>();
        if (route.Pattern.Contains("compare", StringComparison.Ordinal)) query.Add($"runs={targets.SharedRun}");
        if (route.Pattern.EndsWith("negotiate", StringComparison.Ordinal)) query.Add("negotiateVersion=1");
        if (shareToken is not null) query.Add($"share={Uri.EscapeDataString(shareToken)}");
        var request = new HttpRequestMessage(new HttpMethod(method), "/" + path + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        if (changes) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    static string Value(string name, string constraint, string pattern, bool throwaway, MatrixTargets t)
    {
        if (name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.Equals("runId", StringComparison.OrdinalIgnoreCase))
            return (pattern.Contains("sweeps/", StringComparison.Ordinal)
                ? (throwaway ? t.ThrowawaySweep : t.SharedSweep)
                : (throwaway ? t.ThrowawayRun : t.SharedRun)).ToString();
        if (constraint.Contains("file", StringComparison.Ordinal)) return "missing.txt";
        if (constraint.Contains("guid", StringComparison.Ordinal)) return Guid.NewGuid().ToString();
        if (constraint.Contains("long", StringComparison.Ordinal) || constraint.Contains("int", StringComparison.Ordinal)) return "0";
        return "none";
    }

    public static (bool Allowed, string Answer) Read(HttpResponseMessage response, SurveyedRoute route)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return (false, status.ToString());
        if (status is < 300 or >= 400 || response.Headers.Location is not { } location) return (true, status.ToString());
        var uri = location.IsAbsoluteUri ? location : new Uri(new Uri("http://server"), location);
        var target = uri.AbsolutePath;
        // Signing out answers with the sign-in page itself, plain; the session's challenge adds where to come back to.
        var signedOut = route.Pattern == AccessPaths.Logout.TrimStart('/') && target == AccessPaths.Login && !uri.Query.Contains("ReturnUrl=", StringComparison.Ordinal);
        var denied = !signedOut && target is AccessPaths.Login or AccessPaths.Denied or AccessPaths.LinkUnavailable;
        // The unavailable-link page's "why" (revoked, expired, elsewhere) shows in the table.
        return (!denied, $"{status} {target}{(target == AccessPaths.LinkUnavailable ? uri.Query : "")}");
    }

    /// <summary>The matrix as a markdown table: a row per route, a column per principal.</summary>
    public static string Markdown(IReadOnlyList<MatrixCell> cells)
    {
        var principals = Enum.GetValues<Principal>();
        var text = new StringBuilder()
            .AppendLine("# Access matrix")
            .AppendLine()
            .AppendLine($"Made by HessianWeb.Tests/Server/Access/AccessMatrixTests from the app's own endpoints: {cells.Select(c => c.Route).Distinct().Count()} routes × {principals.Length} principals. ✓ allowed, ✗ denied, with the status (and redirect) the server answered; **bold** where that is not what the policy says.")
            .AppendLine()
            .AppendLine($"| Route | Policy | {string.Join(" | ", principals)} |")
            .AppendLine($"|---|---|{string.Concat(principals.Select(_ => "---|"))}");
        foreach (var row in cells.GroupBy(c => c.Route))
        {
            var marks = row.OrderBy(c => c.Principal).Select(c =>
            {
                var mark = $"{(c.Allowed ? "✓" : "✗")} {c.Answer}";
                return c.Agrees ? mark : $"**{mark}**";
            });
            text.AppendLine($"| `{row.Key}` | {row.Key.Policy} | {string.Join(" | ", marks)} |");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)(?<constraint>(:[^}?=]+)*)(=[^}]*)?\??\}")]
    private static partial Regex Parameter();
}
