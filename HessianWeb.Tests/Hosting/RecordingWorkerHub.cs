using System.Collections.Concurrent;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// The hub context the scheduler talks through, with every worker call recorded instead of sent. Its groups reach every
/// connection added to them, as SignalR's do; one hub shared by two instances' schedulers stands for the backplane.
/// </summary>
public sealed class RecordingWorkerHub : IHubContext<ComputeHub, IComputeWorker>
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> groups = new();

    public RecordingWorkerHub()
    {
        Clients = new WorkerClients(this);
        Groups = new GroupManager(this);
    }

    public ConcurrentQueue<(string ConnectionId, object Message)> Sent { get; } = new();

    public IHubClients<IComputeWorker> Clients { get; }
    public IGroupManager Groups { get; }

    /// <summary>The connections in <paramref name="group"/> now.</summary>
    public IReadOnlyCollection<string> Members(string group) => groups.TryGetValue(group, out var members) ? members.Keys.ToList() : [];

    sealed class GroupManager(RecordingWorkerHub hub) : IGroupManager
    {
        public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
        {
            hub.groups.GetOrAdd(groupName, _ => new())[connectionId] = 0;
            return Task.CompletedTask;
        }

        public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
        {
            if (hub.groups.TryGetValue(groupName, out var members)) members.TryRemove(connectionId, out _);
            return Task.CompletedTask;
        }
    }

    sealed class WorkerClients(RecordingWorkerHub hub) : IHubClients<IComputeWorker>
    {
        public IComputeWorker Client(string connectionId) => new Recorder(hub, [connectionId]);
        public IComputeWorker Group(string groupName) => new Recorder(hub, hub.Members(groupName));

        public IComputeWorker All => throw Unused();
        public IComputeWorker AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw Unused();
        public IComputeWorker Clients(IReadOnlyList<string> connectionIds) => throw Unused();
        public IComputeWorker GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw Unused();
        public IComputeWorker Groups(IReadOnlyList<string> groupNames) => throw Unused();
        public IComputeWorker User(string userId) => throw Unused();
        public IComputeWorker Users(IReadOnlyList<string> userIds) => throw Unused();

        static NotSupportedException Unused() => new("The scheduler addresses workers one connection, or one run's group, at a time.");
    }

    sealed class Recorder(RecordingWorkerHub hub, IReadOnlyCollection<string> connectionIds) : IComputeWorker
    {
        public Task AssignRun(RunAssignment assignment) => Record(assignment);
        public Task CancelRun(RunCancellation cancellation) => Record(cancellation);
        public Task AnalyseCheckpoint(AnalysisAssignment assignment) => Record(assignment);

        Task Record(object message)
        {
            foreach (var connectionId in connectionIds) hub.Sent.Enqueue((connectionId, message));
            return Task.CompletedTask;
        }
    }
}
