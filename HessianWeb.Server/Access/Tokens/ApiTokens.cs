using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Runs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access.Tokens;

/// <summary>Users' tokens for scripts (<c>Authorization: Bearer hwt_…</c>): shown once when made, kept hashed, revocable.</summary>
public sealed class ApiTokens(IDbContextFactory<RunsDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const int LongestDays = 365;

    /// <summary>
    /// What is wrong with a new token's fields, as the field and a sentence (the tokens page and <c>POST /api/tokens</c>
    /// alike): a name, a role no higher than the user's, and an optional lifetime in days. Null when nothing is.
    /// </summary>
    public static (string Field, string Message)? Problem(string? name, string role, string userRole, int? expiresInDays) =>
        string.IsNullOrWhiteSpace(name) ? ("name", "Give the token a name, e.g. the script it is for.")
        : !Roles.IsRole(role) ? ("role", $"Choose one of the roles: {string.Join(", ", Roles.All)}.")
        : !Roles.Covers(userRole, role) ? ("role", $"A token's role can be at most yours ({userRole}).")
        : expiresInDays is < 1 or > LongestDays ? ("expiresInDays", $"A token lasts between 1 and {LongestDays} days; leave it out for no expiry.")
        : null;

    /// <summary>A new token acting as <paramref name="userId"/> with at most <paramref name="role"/>; the secret is in the result only.</summary>
    public async Task<(ApiTokenRecord Record, string Token)> CreateAsync(string userId, string userName, string name, string role, DateTime? expiresAt, CancellationToken ct = default)
    {
        var token = SecretTokens.New(SecretTokens.ApiPrefix);
        var record = new ApiTokenRecord
        {
            Id = Guid.NewGuid(), UserId = userId, UserName = userName, Name = name.Trim(), Role = role,
            Hash = SecretTokens.Hash(token), CreatedAt = clock.GetUtcNow().UtcDateTime, ExpiresAt = expiresAt,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ApiTokens.Add(record);
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync(userName, "API token created", $"{record.Name} ({role})", expiresAt is { } e ? $"expires {e:u}" : "no expiry", ct);
        return (record, token);
    }

    /// <summary>The live token a presented secret is, or null (unknown, revoked or expired).</summary>
    public async Task<ApiTokenRecord?> FindAsync(string presented, CancellationToken ct = default)
    {
        var hash = SecretTokens.Hash(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.ApiTokens.SingleOrDefaultAsync(t => t.Hash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (record is null || record.RevokedAt is not null || record.ExpiresAt <= now) return null;
        // When it was last used, to the minute: enough to spot a forgotten token without a write per request.
        if (record.LastUsedAt is null || now - record.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            record.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return record;
    }

    /// <summary>A user's tokens, or everyone's when <paramref name="userId"/> is null; newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = db.ApiTokens.AsNoTracking();
        if (userId is not null) tokens = tokens.Where(t => t.UserId == userId);
        return await tokens.OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Revokes a token of <paramref name="ownerId"/> (any user's when null). False when there is no such token.</summary>
    public async Task<bool> RevokeAsync(Guid id, string? ownerId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && (ownerId == null || t.UserId == ownerId), ct);
        if (record is null) return false;
        record.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "API token revoked", $"{record.Name} of {record.UserName}", null, ct);
        return true;
    }
}
