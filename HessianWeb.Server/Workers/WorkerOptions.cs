namespace HessianWeb.Server.Workers;

/// <summary>Bound from the <c>Workers</c> configuration section.</summary>
public sealed class WorkerOptions
{
    /// <summary>Start and supervise one local worker process.</summary>
    public bool StartLocalWorker { get; set; } = true;

    /// <summary>The worker's assembly; empty means the HessianWeb.Client built beside this server.</summary>
    public string? LocalWorkerPath { get; set; }

    /// <summary>Torch threads for the local worker; 0 means all cores.</summary>
    public int LocalWorkerThreads { get; set; }

    /// <summary>
    /// How long a disconnected remote worker may take to reconnect (and, after a server restart, to claim its run) before
    /// its run fails. Workers wait at most 10 s between attempts (ReconnectBackOff.Cap), so this leaves room for a few.
    /// </summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tokens remote workers may present.</summary>
    public string[] Tokens { get; set; } = [];
}
