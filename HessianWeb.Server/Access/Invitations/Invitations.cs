using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Runs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access.Invitations;

/// <summary>Invitations by link (<c>/invite?token=…</c>): an admin picks the role, the invitee picks a name and password, once.</summary>
public sealed class Invitations(IDbContextFactory<RunsDbContext> dbFactory, IServiceScopeFactory scopes, AuditLog audit, TimeProvider clock)
{
    public const string Path = "/invite";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<(InvitationRecord Record, string RelativeUrl)> CreateAsync(string role, string? note, string actor, CancellationToken ct = default)
    {
        if (!Roles.IsRole(role)) throw new ArgumentException($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.", nameof(role));
        var token = SecretTokens.New(SecretTokens.InvitationPrefix);
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new InvitationRecord
        {
            Id = Guid.NewGuid(), Hash = SecretTokens.Hash(token), Role = role, Note = note?.Trim(), CreatedBy = actor, CreatedAt = now, ExpiresAt = now + Lifetime,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Invitations.Add(record);
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync(actor, "invitation created", role, note, ct);
        return (record, $"{Path}?token={token}");
    }

    /// <summary>The open invitation a token stands for, or why there is none, in words.</summary>
    public async Task<(InvitationRecord? Invitation, string? Problem)> CheckAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token)) return (null, "This invitation link is incomplete: it has no token.");
        var hash = SecretTokens.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Hash == hash, ct);
        if (record is null) return (null, "This invitation link is not one this server made.");
        if (record.AcceptedAt is not null) return (null, "This invitation was already used. Ask an admin for a new one.");
        if (record.RevokedAt is not null) return (null, "This invitation was revoked. Ask an admin for a new one.");
        if (record.ExpiresAt <= clock.GetUtcNow().UtcDateTime) return (null, "This invitation has expired. Ask an admin for a new one.");
        return (record, null);
    }

    /// <summary>Makes the invitee's account, or says why not (a taken name, a weak password, a used link).</summary>
    public async Task<IdentityResult> AcceptAsync(string token, string userName, string password, CancellationToken ct = default)
    {
        var (invitation, problem) = await CheckAsync(token, ct);
        if (invitation is null) return IdentityResult.Failed(new IdentityError { Code = "Invitation", Description = problem! });
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        var user = new HessianUser { UserName = userName.Trim(), Role = invitation.Role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return created;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Only the first to accept it: a second tab with the same link finds the row taken.
            var taken = await db.Invitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, clock.GetUtcNow().UtcDateTime).SetProperty(i => i.AcceptedBy, user.UserName), ct);
            if (taken == 0)
            {
                await users.DeleteAsync(user);
                return IdentityResult.Failed(new IdentityError { Code = "Invitation", Description = "This invitation was already used. Ask an admin for a new one." });
            }
        }
        await audit.WriteAsync(user.UserName!, "account created", user.UserName!, $"by invitation from {invitation.CreatedBy}, role {invitation.Role}", ct);
        return created;
    }

    public async Task<IReadOnlyList<InvitationRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Invitations.AsNoTracking().OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (record is null) return false;
        record.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "invitation revoked", record.Role, record.Note, ct);
        return true;
    }
}
