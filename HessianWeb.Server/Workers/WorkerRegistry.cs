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
}

/// <summary>Who is connected and what each is doing. In memory: a restart forgets it, as it should.</summary>
public sealed class WorkerRegistry
{
    readonly ConcurrentDictionary<string, ConnectedWorker> workers = new();
    readonly ConcurrentDictionary<int, ConnectedWorker> disconnectedWithRun = new();

    public event Action? Changed;

    public IReadOnlyList<ConnectedWorker> All => workers.Values.OrderBy(w => w.ConnectedAt).ToList();

    public void Add(ConnectedWorker worker)
    {
        workers[worker.ConnectionId] = worker;
        Changed?.Invoke();
    }

    public ConnectedWorker? Remove(string connectionId)
    {
        if (!workers.TryRemove(connectionId, out var removed)) return null;
        if (removed.CurrentRunId is not null) disconnectedWithRun[removed.ProcessId] = removed;
        Changed?.Invoke();
        return removed;
    }

    /// <summary>
    /// The worker of this process, connected or recently disconnected while it had a run: when a
    /// local worker dies, its connection may close before the supervisor sees the process exit.
    /// </summary>
    public ConnectedWorker? TakeByProcess(int processId)
    {
        if (workers.Values.FirstOrDefault(w => w.ProcessId == processId) is { } live) return live;
        return disconnectedWithRun.TryRemove(processId, out var gone) ? gone : null;
    }

    /// <summary>The disconnected worker's loss has been dealt with: nobody needs to find it by process any more.</summary>
    public void Forget(ConnectedWorker worker) =>
        disconnectedWithRun.TryRemove(new KeyValuePair<int, ConnectedWorker>(worker.ProcessId, worker));

    public ConnectedWorker? Find(string connectionId) => workers.GetValueOrDefault(connectionId);

    public ConnectedWorker? FindByRun(Guid runId) => workers.Values.FirstOrDefault(w => w.CurrentRunId == runId);

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
