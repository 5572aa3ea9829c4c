using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access;

/// <summary>An open page's principal is checked again: a role change, a removed account and a revoked link reach it.</summary>
public sealed class CircuitRevalidationTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    CircuitRevalidation Revalidation(IServiceScope scope) =>
        Assert.IsType<CircuitRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

    [Fact]
    public async Task A_role_change_or_a_removal_ends_an_open_pages_principal()
    {
        using var scope = server.Services.CreateScope();
        var revalidation = Revalidation(scope);
        var ann = await server.EnsureUserAsync("ann", Roles.Member);
        var bob = await server.EnsureUserAsync("bob", Roles.Member);
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<HessianUser>>();
        var annOpen = await factory.CreateAsync(ann);
        var bobOpen = await factory.CreateAsync(bob);
        Assert.True(await revalidation.IsStillValidAsync(annOpen));

        var accounts = server.Services.GetRequiredService<Accounts>();
        Assert.True((await accounts.SetRoleAsync(ann.Id, Roles.Viewer, "admin")).Succeeded);
        Assert.False(await revalidation.IsStillValidAsync(annOpen));
        Assert.True(await revalidation.IsStillValidAsync(await factory.CreateAsync((await scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>().FindByIdAsync(ann.Id))!)));

        Assert.True(await revalidation.IsStillValidAsync(bobOpen));
        Assert.True((await accounts.RemoveAsync(bob.Id, "admin")).Succeeded);
        Assert.False(await revalidation.IsStillValidAsync(bobOpen));
    }

    [Fact]
    public async Task A_revoked_share_link_ends_an_open_pages_principal()
    {
        using var scope = server.Services.CreateScope();
        var revalidation = Revalidation(scope);
        var run = await server.Store.CreateAsync(new ExperimentSpec());
        var links = server.Services.GetRequiredService<ShareLinks>();
        var created = (await links.CreateAsync(ShareKind.Run, [run.Id], TimeSpan.FromDays(1), "admin"))!;
        var holder = new ClaimsPrincipal(new ClaimsIdentity([
            new Claim(AccessClaims.ShareLink, created.Link.Id.ToString()), new Claim(AccessClaims.SharedRun, run.Id.ToString()),
        ], "ShareLink"));
        Assert.True(await revalidation.IsStillValidAsync(holder));

        Assert.True(await links.RevokeAsync(created.Link.Id, "admin"));
        Assert.False(await revalidation.IsStillValidAsync(holder));
    }
}
