using HessianWeb.Shared.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace HessianWeb.Client.Worker;

/// <summary>
/// The server's hub behind its own interface; method names by nameof, never string literals. Calls go over the
/// connection <paramref name="connection"/> gives at the time, the one to the server the worker is on now (<see cref="ServerLink"/>).
/// </summary>
public sealed class ComputeHubClient(Func<HubConnection> connection) : IComputeHub
{
    public Task Register(WorkerRegistration registration) =>
        connection().InvokeAsync(nameof(IComputeHub.Register), registration);

    public Task ReportEvents(RunEventBatch batch) =>
        connection().InvokeAsync(nameof(IComputeHub.ReportEvents), batch);

    /// <summary>Routes the server's calls to <paramref name="worker"/>.</summary>
    public static void Bind(HubConnection connection, IComputeWorker worker)
    {
        connection.On<RunAssignment>(nameof(IComputeWorker.AssignRun), worker.AssignRun);
        connection.On<RunCancellation>(nameof(IComputeWorker.CancelRun), worker.CancelRun);
        connection.On<AnalysisAssignment>(nameof(IComputeWorker.AnalyseCheckpoint), worker.AnalyseCheckpoint);
    }
}
