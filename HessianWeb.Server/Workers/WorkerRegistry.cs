using System.Collections.Concurrent;

namespace HessianWeb.Server.Workers;

public enum WorkerState { Idle, Busy }

/// <summary>A worker connected to the hub right now.</summary>
public sealed record ConnectedWorker(
    string ConnectionId, string Name, string Device, int Threads, int ProcessId, string Version,
    DateTime ConnectedAt, Guid? CurrentRunId)
{
    public WorkerState State => CurrentRunId is null ? WorkerState.Idle : WorkerState.Busy;

    /// <summary>The memory the worker's process may use, as it reported it (older workers do not).</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Who the worker is: the id its process made at start, kept across its reconnects (<see cref="ProcessId"/> is information only).</summary>
    public Guid WorkerId { get; init; }

    /// <summary>The id of the token it connected with (<see cref="WorkerTokens.Identify"/>): its uploads are told apart by it.</summary>
    public string? TokenId { get; init; }

    /// <summary>How the worker is named in reasons: name, short id, pid and device.</summary>
    public string Description => $"'{Name}' (id {WorkerId.ToString()[..8]}, pid {ProcessId}, {Device})";
}

/// <summary>Who is connected and what each is doing. In memory: a restart forgets it, as it should.</summary>
public sealed class WorkerRegistry
{
    readonly ConcurrentDictionary<string, ConnectedWorker> workers = new();
    readonly ConcurrentDictionary<Guid, ConnectedWorker> disconnectedWithRun = new();

    public event Action? Changed;

    public IReadOnlyList<ConnectedWorker> All => workers.Values.OrderBy(w => w.ConnectedAt).ToList();

    /// <summary>
    /// Adds the worker; an entry of the same worker under an older connection (one the server has not yet seen close,
    /// e.g. after a silent network cut) is replaced, so a worker is listed, and holds its run, once. Only an entry of the
    /// same token: a worker with another token that gives the same id does not push the first out.
    /// </summary>
    public void Add(ConnectedWorker worker)
    {
        if (worker.WorkerId != Guid.Empty)
        {
            foreach (var stale in workers.Values.Where(w => w.WorkerId == worker.WorkerId && w.TokenId == worker.TokenId && w.ConnectionId != worker.ConnectionId))
                workers.TryRemove(stale.ConnectionId, out _);
            disconnectedWithRun.TryRemove(worker.WorkerId, out _);
        }
        workers[worker.ConnectionId] = worker;
        Changed?.Invoke();
    }

    public ConnectedWorker? Remove(string connectionId)
    {
        if (!workers.TryRemove(connectionId, out var removed)) return null;
        if (removed.CurrentRunId is not null) disconnectedWithRun[removed.WorkerId] = removed;
        Changed?.Invoke();
        return removed;
    }

    /// <summary>
    /// The worker with this id, connected or recently disconnected while it had a run: when the local worker dies,
    /// its connection may close before the supervisor sees the process exit.
    /// </summary>
    public ConnectedWorker? TakeById(Guid workerId)
    {
        if (workers.Values.FirstOrDefault(w => w.WorkerId == workerId) is { } live) return live;
        return disconnectedWithRun.TryRemove(workerId, out var gone) ? gone : null;
    }

    /// <summary>The disconnected worker's loss has been dealt with: nobody needs to find it by id any more.</summary>
    public void Forget(ConnectedWorker worker) =>
        disconnectedWithRun.TryRemove(new KeyValuePair<Guid, ConnectedWorker>(worker.WorkerId, worker));

    public ConnectedWorker? Find(string connectionId) => workers.GetValueOrDefault(connectionId);

    public ConnectedWorker? FindByRun(Guid runId) => workers.Values.FirstOrDefault(w => w.CurrentRunId == runId);

    /// <summary>
    /// The worker that has <paramref name="runId"/>: connected, or disconnected with it and not yet given up on (it may come
    /// back within the reconnect grace and claim it; meanwhile its uploads over HTTP go on).
    /// </summary>
    public ConnectedWorker? Holder(Guid runId) =>
        FindByRun(runId) ?? disconnectedWithRun.Values.FirstOrDefault(w => w.CurrentRunId == runId);

    public ConnectedWorker? FirstIdle() => workers.Values.Where(w => w.State == WorkerState.Idle).MinBy(w => w.ConnectedAt);

    public void SetCurrentRun(string connectionId, Guid? runId)
    {
        if (workers.TryGetValue(connectionId, out var w))
        {
            workers[connectionId] = w with { CurrentRunId = runId };
            Changed?.Invoke();
        }
    }

    /// <summary>Frees whichever worker had <paramref name="runId"/>.</summary>
    public void ReleaseRun(Guid runId)
    {
        if (FindByRun(runId) is { } w) SetCurrentRun(w.ConnectionId, null);
    }
}
