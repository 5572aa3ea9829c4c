using System.Security.Claims;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Access.Invitations;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Runs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace HessianWeb.Server.Access;

/// <summary>
/// The access API: who am I, API tokens (<c>/api/tokens</c>), worker tokens (<c>/api/workers/tokens</c>), share links
/// (<c>/api/shares</c>), users and invitations (<c>/api/users</c>, <c>/api/invitations</c>), the audit log, and sign-out.
/// The secret of a token or invitation is in the response that made it, and nowhere after.
/// </summary>
public static class AccessApi
{
    public static WebApplication MapAccess(this WebApplication app)
    {
        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(new { name = user.UserName(), role = user.Role(), via = user.FindFirstValue(AccessClaims.Via) }))
            .RequireAuthorization(Policies.Viewer);

        var tokens = app.MapGroup("/api/tokens").RequireAuthorization(Policies.Viewer);
        tokens.MapGet("/", async (ClaimsPrincipal user, ApiTokens store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(user.UserId(), ct)).Select(ApiTokenView)));
        tokens.MapPost("/", async (NewApiToken body, ClaimsPrincipal user, ApiTokens store, CancellationToken ct) =>
        {
            if (user.UserId() is not { } userId) return Problem("The bootstrap token has no account to make tokens for: sign in, or invite a user.", 400);
            var role = body.Role ?? user.Role()!;
            if (ApiTokens.Problem(body.Name, role, user.Role()!, body.ExpiresInDays) is { } problem) return Field(problem.Field, problem.Message);
            var expires = body.ExpiresInDays is { } days ? DateTime.UtcNow.AddDays(days) : (DateTime?)null;
            var (record, secret) = await store.CreateAsync(userId, user.UserName()!, body.Name!, role, expires, ct);
            return Results.Created($"/api/tokens/{record.Id}", new { token = secret, details = ApiTokenView(record) });
        });
        tokens.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, ApiTokens store, CancellationToken ct) =>
            await store.RevokeAsync(id, user.IsAdmin() ? null : user.UserId(), user.UserName()!, ct) ? Results.NoContent() : NotFound("token", id));

        var workerTokens = app.MapGroup("/api/workers/tokens").RequireAuthorization(Policies.Admin);
        workerTokens.MapGet("/", async (WorkerTokenStore store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(ct)).Select(t => new { t.Id, t.Name, t.CreatedBy, t.CreatedAt, t.RevokedAt })));
        workerTokens.MapPost("/", async (NewWorkerToken body, ClaimsPrincipal user, WorkerTokenStore store, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name)) return Field("name", "Name the worker or host the token is for.");
            var (record, secret) = await store.CreateAsync(body.Name, user.UserName()!, ct);
            return Results.Created($"/api/workers/tokens/{record.Id}", new { token = secret, details = new { record.Id, record.Name, record.CreatedBy, record.CreatedAt, record.RevokedAt } });
        });
        workerTokens.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, WorkerTokenStore store, CancellationToken ct) =>
            await store.RevokeAsync(id, user.UserName()!, ct) ? Results.NoContent() : NotFound("worker token", id));

        MapShares(app.MapGroup("/api/shares").RequireAuthorization(Policies.Member));
        MapUsers(app);

        app.MapGet("/api/audit", async (AuditLog audit, CancellationToken ct) => Results.Ok(await audit.ListAsync(ct: ct)))
            .RequireAuthorization(Policies.Admin);

        // A form post (antiforgery-checked) from the app bar's menu.
        app.MapPost(AccessPaths.Logout, async (SignInManager<HessianUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(AccessPaths.Login);
        }).RequireAuthorization(Policies.Viewer).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    static void MapShares(RouteGroupBuilder shares)
    {
        shares.MapGet("/", async (ClaimsPrincipal user, ShareLinks links, CancellationToken ct) =>
            Results.Ok(await links.ListAsync(user.IsAdmin() ? null : user.UserName(), ct)));
        shares.MapPost("/", async (NewShareLink body, ClaimsPrincipal user, ShareLinks links, HttpRequest request, CancellationToken ct) =>
        {
            if (body.Ids is not { Count: > 0 }) return Field("ids", "Name the run, the compared runs or the sweep to share.");
            if (body.Kind != ShareKind.Comparison && body.Ids.Count != 1) return Field("ids", $"A {body.Kind.ToString().ToLowerInvariant()} link opens one id.");
            var days = body.ExpiresInDays ?? ShareLinks.DefaultLifetime.TotalDays;
            if (days <= 0 || days > ShareLinks.LongestLifetime.TotalDays) return Field("expiresInDays", $"Between 1 and {ShareLinks.LongestLifetime.TotalDays:0} days.");
            var created = await links.CreateAsync(body.Kind, body.Ids, TimeSpan.FromDays(days), user.UserName()!, body.Label, ct);
            if (created is null) return Problem("A run or sweep the link would open does not exist.", 404);
            return Results.Created($"/api/shares/{created.Link.Id}", new { url = $"{request.Scheme}://{request.Host}{created.RelativeUrl}", link = created.Link });
        });
        shares.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, ShareLinks links, CancellationToken ct) =>
        {
            if (await links.FindAsync(id, ct) is not { } link) return NotFound("share link", id);
            if (!user.IsAdmin() && link.CreatedBy != user.UserName()) return Problem("Only its maker or an admin can revoke a share link.", 403);
            await links.RevokeAsync(id, user.UserName()!, ct);
            return Results.NoContent();
        });
    }

    static void MapUsers(WebApplication app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", async (Accounts.Accounts accounts, CancellationToken ct) =>
            Results.Ok((await accounts.ListAsync(ct)).Select(u => new { id = u.Id, name = u.UserName, role = u.Role, createdAt = u.CreatedAt, lockedOutUntil = u.LockoutEnd })));
        users.MapPatch("/{id}", async (string id, RoleChange body, ClaimsPrincipal user, Accounts.Accounts accounts, CancellationToken ct) =>
            Answer(await accounts.SetRoleAsync(id, body.Role ?? "", user.UserName()!, ct)));
        users.MapDelete("/{id}", async (string id, ClaimsPrincipal user, Accounts.Accounts accounts, CancellationToken ct) =>
            Answer(await accounts.RemoveAsync(id, user.UserName()!, ct)));

        var invitations = app.MapGroup("/api/invitations").RequireAuthorization(Policies.Admin);
        invitations.MapGet("/", async (Invitations.Invitations store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(ct)).Select(i => new { i.Id, i.Role, i.Note, i.CreatedBy, i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.AcceptedBy, i.RevokedAt })));
        invitations.MapPost("/", async (NewInvitation body, ClaimsPrincipal user, Invitations.Invitations store, HttpRequest request, CancellationToken ct) =>
        {
            if (!Roles.IsRole(body.Role)) return Field("role", $"Use one of: {string.Join(", ", Roles.All)}.");
            var (record, url) = await store.CreateAsync(body.Role!, body.Note, user.UserName()!, ct);
            return Results.Created($"/api/invitations/{record.Id}", new { url = $"{request.Scheme}://{request.Host}{url}", id = record.Id, expiresAt = record.ExpiresAt });
        });
        invitations.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, Invitations.Invitations store, CancellationToken ct) =>
            await store.RevokeAsync(id, user.UserName()!, ct) ? Results.NoContent() : NotFound("invitation", id));
    }

    static object ApiTokenView(ApiTokenRecord t) => new { t.Id, t.Name, t.Role, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt };

    static IResult Answer(IdentityResult result) =>
        result.Succeeded ? Results.NoContent() : Problem(string.Join(" ", result.Errors.Select(e => e.Description)), 400);

    static IResult Field(string field, string message) => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    static IResult Problem(string detail, int status) => Results.Problem(detail: detail, statusCode: status);

    static IResult NotFound(string what, Guid id) => Problem($"There is no {what} {id}.", 404);

    sealed record NewApiToken(string? Name, string? Role, int? ExpiresInDays);
    sealed record NewWorkerToken(string? Name);
    sealed record NewShareLink(ShareKind Kind, List<Guid>? Ids, double? ExpiresInDays, string? Label);
    sealed record NewInvitation(string? Role, string? Note);
    sealed record RoleChange(string? Role);
}
