using HessianWeb.Shared;

namespace HessianWeb.Server.Workers;

/// <summary>The workers runs can be placed on, as the submit check sees them.</summary>
public sealed class WorkerCapacities(WorkerRegistry registry, ServerInstanceRoster roster, ServerInstance me)
{
    /// <summary>The workers of every live instance: this one's as connected now, the others' as of their last beat.</summary>
    public async Task<IReadOnlyList<WorkerCapacity>> AllAsync(CancellationToken ct = default)
    {
        var others = (await roster.AllAsync(ct))
            .Where(i => i.Id != me.Id && roster.IsLive(i))
            .SelectMany(i => JsonFormat.Deserialize<WorkerCapacity[]>(i.WorkersJson) ?? []);
        return registry.All.Select(Of).Concat(others).ToList();
    }

    public static WorkerCapacity Of(ConnectedWorker w) => new(w.Name, w.Device, w.Threads, w.MemoryBytes, w.CurrentRunId is not null);
}
