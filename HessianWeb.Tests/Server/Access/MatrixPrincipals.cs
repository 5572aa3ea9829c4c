using System.Net.Http.Headers;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access;

/// <summary>The share links a column of the matrix presents: one that opens the request's run, one its sweep.</summary>
public sealed record LinkPair(string Run, string Sweep);

/// <summary>
/// A client per column of the access matrix, none following redirects (a redirect to the sign-in page is the answer).
/// Share-link columns present their token as <c>?share=</c> on each request, chosen by what the request names.
/// </summary>
public sealed class MatrixPrincipals : IDisposable
{
    readonly Dictionary<Principal, HttpClient> clients = [];
    readonly Dictionary<Principal, LinkPair> links = [];

    MatrixPrincipals() { }

    public static async Task<MatrixPrincipals> CreateAsync(RunningServer server, Guid run, Guid sweep)
    {
        var principals = new MatrixPrincipals();
        var plain = () => new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        HttpClient Bearer(string token)
        {
            var client = plain();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        principals.clients[Principal.Anonymous] = plain();
        principals.clients[Principal.Viewer] = await server.SignedInHttpAsync("viewer", Roles.Viewer);
        principals.clients[Principal.Member] = await server.SignedInHttpAsync("member", Roles.Member);
        principals.clients[Principal.Admin] = await server.SignedInHttpAsync("admin", Roles.Admin);
        var member = await server.EnsureUserAsync("member", Roles.Member);
        var (_, apiToken) = await server.Services.GetRequiredService<ApiTokens>().CreateAsync(member.Id, "member", "matrix", Roles.Member, null);
        principals.clients[Principal.MemberApiToken] = Bearer(apiToken);
        principals.clients[Principal.WorkerToken] = Bearer(server.Tokens.LocalToken);

        var shares = server.Services.GetRequiredService<ShareLinks>();
        principals.links[Principal.ShareLink] = await CheckedAsync(shares, await LinksAsync(shares, run, sweep), null);
        principals.links[Principal.RevokedLink] = await CheckedAsync(shares, await RevokedLinksAsync(shares, run, sweep), ShareLinkProblem.Revoked);
        principals.links[Principal.ExpiredLink] = await CheckedAsync(shares, await LinksAsync(PastClock(server), run, sweep), ShareLinkProblem.Expired);
        foreach (var column in principals.links.Keys) principals.clients[column] = plain();
        return principals;
    }

    public HttpClient Client(Principal principal) => clients[principal];

    /// <summary>The share token a column adds to a request for <paramref name="pattern"/>, or null for columns that present none.</summary>
    public string? ShareToken(Principal principal, string pattern) =>
        links.TryGetValue(principal, out var pair) ? (pattern.Contains("sweeps/", StringComparison.Ordinal) ? pair.Sweep : pair.Run) : null;

    static async Task<LinkPair> LinksAsync(ShareLinks shares, Guid run, Guid sweep) =>
        new(Token(await shares.CreateAsync(ShareKind.Run, [run], TimeSpan.FromDays(1), "matrix")),
            Token(await shares.CreateAsync(ShareKind.Sweep, [sweep], TimeSpan.FromDays(1), "matrix")));

    /// <summary>The links as the server sees them: each column's denial must come from what the column is about.</summary>
    static async Task<LinkPair> CheckedAsync(ShareLinks server, LinkPair links, ShareLinkProblem? expected)
    {
        foreach (var token in new[] { links.Run, links.Sweep })
            if ((await server.CheckAsync(token)).Problem != expected)
                throw new InvalidOperationException($"The server reads a matrix link as {(await server.CheckAsync(token)).Problem}, not {expected}.");
        return links;
    }

    static async Task<LinkPair> RevokedLinksAsync(ShareLinks shares, Guid run, Guid sweep)
    {
        var forRun = await shares.CreateAsync(ShareKind.Run, [run], TimeSpan.FromDays(1), "matrix");
        var forSweep = await shares.CreateAsync(ShareKind.Sweep, [sweep], TimeSpan.FromDays(1), "matrix");
        await shares.RevokeAsync(forRun!.Link.Id, "matrix");
        await shares.RevokeAsync(forSweep!.Link.Id, "matrix");
        return new(Token(forRun), Token(forSweep));
    }

    /// <summary>
    /// Links made two days ago for one day, over the server's own store and signing keys: the server's clock is the
    /// system's, so the past is where a test can make a link that has already expired.
    /// </summary>
    static ShareLinks PastClock(RunningServer server) => new(
        server.Services.GetRequiredService<IDbContextFactory<RunsDbContext>>(),
        server.Services.GetRequiredService<IDataProtectionProvider>(),
        server.Services.GetRequiredService<AuditLog>(),
        new FixedClock(DateTimeOffset.UtcNow.AddDays(-2)));

    public static string Token(CreatedShareLink? created) =>
        created?.RelativeUrl.Split($"{ShareLinks.QueryKey}=")[1] ?? throw new InvalidOperationException("The share link's run or sweep does not exist.");

    public void Dispose()
    {
        foreach (var client in clients.Values) client.Dispose();
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
