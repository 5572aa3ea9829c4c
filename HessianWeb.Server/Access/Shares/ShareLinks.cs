using System.Globalization;
using System.Security.Cryptography;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Runs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access.Shares;

/// <summary>
/// Read-only links to a run, a comparison or a sweep. The token is the link's id and expiry signed with the server's
/// data-protection keys (kept in the data directory), so a forged or altered link is refused without a query, and an
/// expired one even if its row is gone; the row says what it opens and whether it was revoked.
/// </summary>
public sealed class ShareLinks(IDbContextFactory<RunsDbContext> dbFactory, IDataProtectionProvider protection, AuditLog audit, TimeProvider clock)
{
    public const string QueryKey = "share";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(90);

    readonly IDataProtector protector = protection.CreateProtector("HessianWeb.ShareLinks.v1");

    /// <summary>A new link, or null when a run or sweep it names does not exist.</summary>
    public async Task<CreatedShareLink?> CreateAsync(ShareKind kind, IReadOnlyList<Guid> ids, TimeSpan lifetime, string createdBy, string? label = null, CancellationToken ct = default)
    {
        if (ids.Count == 0 || lifetime <= TimeSpan.Zero || lifetime > LongestLifetime) throw new ArgumentOutOfRangeException(nameof(lifetime));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> runIds;
        Guid? sweepId = null;
        string path;
        if (kind == ShareKind.Sweep)
        {
            sweepId = ids[0];
            if (!await db.Sweeps.AnyAsync(s => s.Id == sweepId, ct)) return null;
            runIds = await db.Runs.Where(r => r.SweepId == sweepId).Select(r => r.Id).ToListAsync(ct);
            path = $"/sweeps/{sweepId}";
        }
        else
        {
            runIds = ids.Distinct().ToList();
            if (await db.Runs.CountAsync(r => runIds.Contains(r.Id), ct) != runIds.Count) return null;
            path = kind == ShareKind.Run ? $"/runs/{runIds[0]}" : $"/compare?runs={string.Join(',', runIds)}";
        }
        var link = new ShareLinkRecord
        {
            Id = Guid.NewGuid(), Kind = kind, Path = path, RunIds = string.Join(',', runIds), SweepId = sweepId,
            Label = label, CreatedBy = createdBy, CreatedAt = now, ExpiresAt = now + lifetime,
        };
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(createdBy, "share link created", path, $"expires {link.ExpiresAt:u}", ct);
        var token = protector.Protect($"{link.Id:N}.{new DateTimeOffset(link.ExpiresAt).ToUnixTimeSeconds()}");
        return new CreatedShareLink(link, $"{path}{(path.Contains('?') ? '&' : '?')}{QueryKey}={token}");
    }

    /// <summary>The link a token stands for, or why it opens nothing.</summary>
    public async Task<ShareLinkCheck> CheckAsync(string token, CancellationToken ct = default)
    {
        string payload;
        try { payload = protector.Unprotect(token); }
        catch (CryptographicException) { return new(null, ShareLinkProblem.Invalid); }
        var parts = payload.Split('.');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return new(null, ShareLinkProblem.Invalid);
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= expires) return new(null, ShareLinkProblem.Expired);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var link = await db.ShareLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (link is null) return new(null, ShareLinkProblem.Invalid);
        return link.RevokedAt is null ? new(link, null) : new(null, ShareLinkProblem.Revoked);
    }

    /// <summary>Every link, newest first, or only those <paramref name="createdBy"/> made.</summary>
    public async Task<IReadOnlyList<ShareLinkRecord>> ListAsync(string? createdBy = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var links = db.ShareLinks.AsNoTracking();
        if (createdBy is not null) links = links.Where(l => l.CreatedBy == createdBy);
        return await links.OrderByDescending(l => l.CreatedAt).ToListAsync(ct);
    }

    public async Task<ShareLinkRecord?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ShareLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
    }

    /// <summary>Revokes the link: it opens nothing from the next request on. False when there is no such link.</summary>
    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var link = await db.ShareLinks.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (link is null) return false;
        link.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "share link revoked", link.Path, null, ct);
        return true;
    }
}

public sealed record CreatedShareLink(ShareLinkRecord Link, string RelativeUrl);

public sealed record ShareLinkCheck(ShareLinkRecord? Link, ShareLinkProblem? Problem);

public enum ShareLinkProblem { Invalid, Expired, Revoked }
