using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Shared.Hubs;

/// <summary>Where the worker hub is mapped on the server.</summary>
public static class ComputeHubRoute
{
    public const string Path = "/hubs/compute";
}

/// <summary>Server → worker. One record per method, so adding a property stays compatible.</summary>
public interface IComputeWorker
{
    Task AssignRun(RunAssignment assignment);
    Task CancelRun(RunCancellation cancellation);
}

/// <summary>Worker → server.</summary>
public interface IComputeHub
{
    Task Register(WorkerRegistration registration);

    /// <summary>Returns once the events are stored, so the worker may forget them.</summary>
    Task ReportEvents(RunEventBatch batch);
}

/// <param name="NextSequence">The sequence number the worker's first event for this run must carry.</param>
public sealed record RunAssignment(Guid RunId, ExperimentSpec Spec, long NextSequence = 1);

public sealed record RunCancellation(Guid RunId);

/// <param name="CurrentRunId">A run the worker is still busy with (after a reconnect).</param>
public sealed record WorkerRegistration(
    string Name, string Device, int Threads, int ProcessId, string Version, Guid? CurrentRunId = null);

public sealed record RunEventBatch(IReadOnlyList<RunEvent> Events);
