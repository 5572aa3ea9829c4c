using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Runs;
using HessianWeb.Shared;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access;

/// <summary>The access services over the real store and the real HTTP pipeline: tokens, lockout, share links, the bootstrap token.</summary>
public sealed class AccessServicesTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    async Task<(Guid Id, string Token)> PostApiTokenAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/tokens", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (created["details"]!["id"]!.GetValue<Guid>(), created["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_API_token_is_shown_once_and_stored_only_as_its_hash()
    {
        using var member = await server.SignedInHttpAsync("member", Roles.Member);
        var (id, token) = await PostApiTokenAsync(member, new { name = "nightly script" });

        Assert.DoesNotContain(token, await member.GetStringAsync("/api/tokens"));
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<RunsDbContext>>().CreateDbContextAsync();
        var row = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id);
        Assert.NotEqual(token, row.Hash);
        Assert.Equal(SecretTokens.Hash(token), row.Hash);
        var columns = typeof(ApiTokenRecord).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(row));
        Assert.DoesNotContain(columns, value => value?.Contains(token, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_revoked_API_token_is_refused()
    {
        using var member = await server.SignedInHttpAsync("member", Roles.Member);
        var (id, token) = await PostApiTokenAsync(member, new { name = "to revoke" });
        using var script = server.HttpWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync($"/api/tokens/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_s_role_is_at_most_its_user_s()
    {
        using var member = await server.SignedInHttpAsync("member", Roles.Member);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsJsonAsync("/api/tokens", new { name = "too strong", role = Roles.Admin })).StatusCode);

        using var viewer = await server.SignedInHttpAsync("viewer", Roles.Viewer);
        var (_, viewerToken) = await PostApiTokenAsync(viewer, new { name = "reader" });
        using var viewerScript = server.HttpWithToken(viewerToken);
        var launch = await viewerScript.PostAsync("/api/runs", JsonContent.Create(new ExperimentSpec(), options: JsonFormat.Options));
        Assert.Equal(HttpStatusCode.Forbidden, launch.StatusCode);

        // A token stored with more than its user has (made before a demotion, say) acts with the user's role.
        var user = await server.EnsureUserAsync("member", Roles.Member);
        var (_, stored) = await server.Services.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "member", "old", Roles.Admin, null);
        using var storedScript = server.HttpWithToken(stored);
        Assert.Equal(HttpStatusCode.Forbidden, (await storedScript.GetAsync("/api/users")).StatusCode);
        Assert.Equal(Roles.Member, (await storedScript.GetFromJsonAsync<JsonObject>("/api/me"))!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var user = await server.EnsureUserAsync("guesser-target", Roles.Member);
        using var scope = server.Services.CreateScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<HessianUser>>();
        signIn.Context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };

        for (var attempt = 0; attempt < 5; attempt++)
            Assert.False((await signIn.PasswordSignInAsync(user.UserName!, "wrong password " + attempt, false, lockoutOnFailure: true)).Succeeded);

        var withTheRightOne = await signIn.PasswordSignInAsync(user.UserName!, SignedInUsers.Password, false, lockoutOnFailure: true);
        Assert.True(withTheRightOne.IsLockedOut);
        Assert.False(withTheRightOne.Succeeded);
    }

    [Fact]
    public async Task A_share_link_changed_by_one_character_opens_nothing()
    {
        var run = await server.Store.CreateAsync(new ExperimentSpec { Name = "shared" }, "member");
        var links = server.Services.GetRequiredService<ShareLinks>();
        var token = MatrixPrincipals.Token(await links.CreateAsync(ShareKind.Run, [run.Id], TimeSpan.FromDays(1), "member"));
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        Assert.NotNull((await links.CheckAsync(token)).Link);
        var check = await links.CheckAsync(tampered);
        Assert.Null(check.Link);
        Assert.Equal(ShareLinkProblem.Invalid, check.Problem);
        using var anonymous = server.AnonymousHttp();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/runs/{run.Id}?share={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/runs/{run.Id}?share={tampered}")).StatusCode);
    }

    [Fact]
    public async Task A_run_s_share_link_opens_that_run_only()
    {
        var shared = await server.Store.CreateAsync(new ExperimentSpec { Name = "shared" }, "member");
        var other = await server.Store.CreateAsync(new ExperimentSpec { Name = "not shared" }, "member");
        var token = MatrixPrincipals.Token(await server.Services.GetRequiredService<ShareLinks>().CreateAsync(ShareKind.Run, [shared.Id], TimeSpan.FromDays(1), "member"));
        using var anonymous = server.AnonymousHttp();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/runs/{shared.Id}?share={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/api/runs/{other.Id}?share={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/api/compare/series?runs={shared.Id},{other.Id}&share={token}")).StatusCode);
    }

    [Fact]
    public async Task The_bootstrap_token_acts_as_an_admin()
    {
        var me = await server.Http.GetFromJsonAsync<JsonObject>("/api/me");
        Assert.Equal(Roles.Admin, me!["role"]!.GetValue<string>());
        Assert.Equal("bootstrap", me["via"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_worker_token_cannot_connect()
    {
        var store = server.Services.GetRequiredService<WorkerTokenStore>();
        var (record, token) = await store.CreateAsync("remote gpu", "admin");
        using var worker = server.HttpWithToken(token);
        Task<HttpResponseMessage> NegotiateAsync() => worker.PostAsync($"{ComputeHubRoute.Path}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync()).StatusCode);

        await store.RevokeAsync(record.Id, "admin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await NegotiateAsync()).StatusCode);
    }

    public void Dispose() => server.Dispose();
}
