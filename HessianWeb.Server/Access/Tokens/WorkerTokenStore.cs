using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Runs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access.Tokens;

/// <summary>The worker tokens admins make on the workers page for remote hosts: shown once, kept hashed, revocable.</summary>
public sealed class WorkerTokenStore(IDbContextFactory<RunsDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<(WorkerTokenRecord Record, string Token)> CreateAsync(string name, string actor, CancellationToken ct = default)
    {
        var token = SecretTokens.New(SecretTokens.WorkerPrefix);
        var record = new WorkerTokenRecord
        {
            Id = Guid.NewGuid(), Name = name.Trim(), Hash = SecretTokens.Hash(token), CreatedBy = actor, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.WorkerTokens.Add(record);
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync(actor, "worker token created", record.Name, null, ct);
        return (record, token);
    }

    /// <summary>The id of the live stored token a worker presented, or null.</summary>
    public async Task<Guid?> IdentifyAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(SecretTokens.WorkerPrefix, StringComparison.Ordinal)) return null;
        var hash = SecretTokens.Hash(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkerTokens.Where(t => t.Hash == hash && t.RevokedAt == null).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
    }

    public async Task<bool> IsLiveAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkerTokens.AnyAsync(t => t.Id == id && t.RevokedAt == null, ct);
    }

    public async Task<IReadOnlyList<WorkerTokenRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkerTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.WorkerTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (record is null) return false;
        record.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "worker token revoked", record.Name, null, ct);
        return true;
    }
}
