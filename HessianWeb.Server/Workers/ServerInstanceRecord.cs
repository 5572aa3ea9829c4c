namespace HessianWeb.Server.Workers;

/// <summary>
/// One dashboard server process sharing the store (several run behind a load balancer on PostgreSQL). It beats while
/// it runs; one that has not beaten for the configured timeout is gone, and the runs it held are settled by another.
/// </summary>
public sealed class ServerInstanceRecord
{
    /// <summary>Made when the process starts: a restarted server is a new instance.</summary>
    public Guid Id { get; set; }
    /// <summary>How the instance is named in reasons and on the workers page (<c>Server:InstanceName</c>, default host:pid).</summary>
    public required string Name { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
    /// <summary>The workers connected to this instance at its last beat, as JSON (<see cref="WorkerCapacity"/>[]).</summary>
    public string WorkersJson { get; set; } = "[]";
}

/// <summary>What a connected worker can hold: where runs are placed, and what a spec no worker can hold is refused against.</summary>
public sealed record WorkerCapacity(string Name, string Device, int Threads, long? MemoryBytes, bool Busy);
