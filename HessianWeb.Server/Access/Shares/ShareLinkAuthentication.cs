using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Access.Shares;

/// <summary>
/// Someone without an account who opened a share link. The link's token comes in the permalink's <c>?share=</c>; the
/// browser keeps the tokens it opened in a cookie, because the page's live connection (Blazor's circuit) is a request
/// of its own that carries cookies but not the page's query. Every request checks the tokens again, so a revoked or
/// expired link stops opening anything at the next request.
/// </summary>
public sealed class ShareLinkAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ShareLinks links)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ShareLink";
    public const string CookieName = "hw.share";
    const int RememberedLinks = 8;
    const string ProblemItem = "hw:share-problem";

    public static bool IsPresented(HttpRequest request) =>
        request.Query.ContainsKey(ShareLinks.QueryKey) || request.Cookies.ContainsKey(CookieName);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var fromQuery = Request.Query[ShareLinks.QueryKey].ToString();
        var remembered = (Request.Cookies[CookieName] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var tokens = (fromQuery.Length > 0 ? remembered.Prepend(fromQuery) : remembered).Distinct().Take(RememberedLinks).ToList();
        if (tokens.Count == 0) return AuthenticateResult.NoResult();

        var claims = new List<Claim> { new(AccessClaims.Via, "share") };
        var live = new List<string>();
        foreach (var token in tokens)
        {
            var check = await links.CheckAsync(token, Context.RequestAborted);
            if (check.Link is { } link)
            {
                live.Add(token);
                claims.Add(new Claim(AccessClaims.ShareLink, link.Id.ToString()));
                claims.AddRange(link.RunIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => new Claim(AccessClaims.SharedRun, id)));
                if (link.SweepId is { } sweep) claims.Add(new Claim(AccessClaims.SharedSweep, sweep.ToString()));
            }
            else if (token == fromQuery)
            {
                // The links this browser opened before stay remembered; this one opens nothing.
                Context.Items[ProblemItem] = check.Problem;
                return AuthenticateResult.Fail($"The share link is {check.Problem?.ToString().ToLowerInvariant()}.");
            }
        }
        if (live.Count != remembered.Length || fromQuery.Length > 0) Remember(live);
        return live.Count == 0
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    void Remember(IReadOnlyList<string> tokens)
    {
        if (Response.HasStarted) return;
        if (tokens.Count == 0) Response.Cookies.Delete(CookieName);
        else Response.Cookies.Append(CookieName, string.Join(' ', tokens), new CookieOptions
        {
            HttpOnly = true, Secure = Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true, Path = "/",
        });
    }

    /// <summary>A link that opens nothing says why on a page of its own (or as a 401 to a script).</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var problem = Context.Items[ProblemItem] as ShareLinkProblem?;
        if (AccessPaths.IsApi(Request)) return base.HandleChallengeAsync(properties);
        Response.Redirect(problem is { } p ? $"{AccessPaths.LinkUnavailable}?why={p.ToString().ToLowerInvariant()}" : AccessPaths.Login);
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (AccessPaths.IsApi(Request)) return base.HandleForbiddenAsync(properties);
        Response.Redirect($"{AccessPaths.LinkUnavailable}?why=elsewhere");
        return Task.CompletedTask;
    }
}
