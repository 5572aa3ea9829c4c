using HessianWeb.Server.Runs;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// The <see cref="ServerInstanceRecord"/> rows: this instance's own (joined at start, beaten, left at a graceful stop) and
/// the others', read to tell which are gone and which workers they have. Times come from the injected clock.
/// </summary>
public sealed class ServerInstanceRoster(IDbContextFactory<RunsDbContext> dbFactory, ServerInstance me, IOptions<ScalingOptions> options, TimeProvider clock)
{
    TimeSpan Timeout => options.Value.InstanceTimeout;

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>When this instance joined (<see cref="JoinAsync"/>): runs held by no instance count as gone since then.</summary>
    public DateTime JoinedAt { get; private set; }

    public async Task JoinAsync(CancellationToken ct = default)
    {
        JoinedAt = Now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ServerInstances.Add(new ServerInstanceRecord { Id = me.Id, Name = me.Name, StartedAt = JoinedAt, HeartbeatAt = JoinedAt });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Says this instance is alive, with the workers connected to it now.</summary>
    public async Task BeatAsync(IReadOnlyList<WorkerCapacity> workers, CancellationToken ct = default)
    {
        var now = Now;
        var json = JsonFormat.Serialize(workers);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var beaten = await db.ServerInstances.Where(i => i.Id == me.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.HeartbeatAt, now).SetProperty(i => i.WorkersJson, json), ct);
        if (beaten > 0) return;
        // Removed as long gone while this process was stalled: it is back, under the same id (its runs were settled meanwhile).
        db.ServerInstances.Add(new ServerInstanceRecord { Id = me.Id, Name = me.Name, StartedAt = JoinedAt, HeartbeatAt = now, WorkersJson = json });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// At a graceful stop: the row's heartbeat is put back by the timeout, so this instance counts as gone from now on and
    /// its runs are settled once the reconnect grace has passed, as after any restart (their workers may claim them elsewhere).
    /// </summary>
    public async Task LeaveAsync(CancellationToken ct = default)
    {
        var goneNow = Now - Timeout;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ServerInstances.Where(i => i.Id == me.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.HeartbeatAt, goneNow).SetProperty(i => i.WorkersJson, "[]"), ct);
    }

    public async Task<IReadOnlyList<ServerInstanceRecord>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServerInstances.AsNoTracking().ToListAsync(ct);
    }

    /// <summary>Since when the instance counts as gone: its last beat and the timeout (in the future while it is live).</summary>
    public DateTime GoneSince(ServerInstanceRecord instance) => DateTime.SpecifyKind(instance.HeartbeatAt, DateTimeKind.Utc) + Timeout;

    public bool IsLive(ServerInstanceRecord instance) => Now < GoneSince(instance);

    /// <summary>Whether instance <paramref name="id"/> beats (this one always does while it runs).</summary>
    public async Task<bool> IsLiveAsync(Guid id, CancellationToken ct = default)
    {
        if (id == me.Id) return true;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServerInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is { } instance && IsLive(instance);
    }

    /// <summary>
    /// Removes the rows of instances gone for longer than <paramref name="after"/> that hold no live run any more (once
    /// their runs are settled, nothing needs their names).
    /// </summary>
    public async Task RemoveLongGoneAsync(TimeSpan after, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var instance in await db.ServerInstances.AsNoTracking().ToListAsync(ct))
        {
            if (instance.Id == me.Id || GoneSince(instance) + after > now) continue;
            var holds = await db.Runs.AnyAsync(r => r.HeldBy == instance.Id && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), ct);
            // Only as read: an instance that beat again meanwhile (a stalled process) stays.
            if (!holds) await db.ServerInstances.Where(i => i.Id == instance.Id && i.HeartbeatAt == instance.HeartbeatAt).ExecuteDeleteAsync(ct);
        }
    }
}
