namespace HessianWeb.Server.Workers;

/// <summary>The workers runs can be placed on, as the submit check sees them.</summary>
public sealed class WorkerCapacities(WorkerRegistry registry)
{
    /// <summary>Every connected worker (for now those of this server instance).</summary>
    public Task<IReadOnlyList<WorkerCapacity>> AllAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<WorkerCapacity>>(registry.All.Select(Of).ToList());

    public static WorkerCapacity Of(ConnectedWorker w) => new(w.Name, w.Device, w.Threads, w.MemoryBytes, w.CurrentRunId is not null);
}
