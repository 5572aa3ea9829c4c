using HessianWeb.Server.Runs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access.Audit;

/// <summary>What the admin page lists: deletions, role changes, tokens and links made or revoked, accounts made.</summary>
public sealed class AuditLog(IDbContextFactory<RunsDbContext> dbFactory, TimeProvider clock)
{
    public async Task WriteAsync(string actor, string action, string target, string? detail = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditLog.Add(new AuditRecord { At = clock.GetUtcNow().UtcDateTime, Actor = actor, Action = action, Target = target, Detail = detail });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The newest entries first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }
}
