using System.Collections.Concurrent;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace HessianWeb.Tests.Hosting;

/// <summary>The hub context the scheduler talks through, with every worker call recorded instead of sent.</summary>
public sealed class RecordingWorkerHub : IHubContext<ComputeHub, IComputeWorker>
{
    public RecordingWorkerHub() => Clients = new WorkerClients(this);

    public ConcurrentQueue<(string ConnectionId, object Message)> Sent { get; } = new();

    public IHubClients<IComputeWorker> Clients { get; }
    public IGroupManager Groups => throw new NotSupportedException("The dashboard uses no groups.");

    sealed class WorkerClients(RecordingWorkerHub hub) : IHubClients<IComputeWorker>
    {
        public IComputeWorker Client(string connectionId) => new Recorder(hub, connectionId);

        public IComputeWorker All => throw Unused();
        public IComputeWorker AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw Unused();
        public IComputeWorker Clients(IReadOnlyList<string> connectionIds) => throw Unused();
        public IComputeWorker Group(string groupName) => throw Unused();
        public IComputeWorker GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw Unused();
        public IComputeWorker Groups(IReadOnlyList<string> groupNames) => throw Unused();
        public IComputeWorker User(string userId) => throw Unused();
        public IComputeWorker Users(IReadOnlyList<string> userIds) => throw Unused();

        static NotSupportedException Unused() => new("The scheduler addresses workers one connection at a time.");
    }

    sealed class Recorder(RecordingWorkerHub hub, string connectionId) : IComputeWorker
    {
        public Task AssignRun(RunAssignment assignment) => Record(assignment);
        public Task CancelRun(RunCancellation cancellation) => Record(cancellation);
        public Task AnalyseCheckpoint(AnalysisAssignment assignment) => Record(assignment);

        Task Record(object message)
        {
            hub.Sent.Enqueue((connectionId, message));
            return Task.CompletedTask;
        }
    }
}
