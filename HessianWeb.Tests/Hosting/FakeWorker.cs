using HessianWeb.Shared;
using System.Threading.Channels;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A worker played by the test over a real hub connection: it registers, records what the server sends it,
/// and reports whatever events the test writes.
/// </summary>
public sealed class FakeWorker : IAsyncDisposable
{
    readonly HubConnection connection;
    readonly Channel<AnalysisAssignment> analyses = Channel.CreateUnbounded<AnalysisAssignment>();
    readonly Channel<RunAssignment> runs = Channel.CreateUnbounded<RunAssignment>();
    readonly Channel<RunCancellation> cancellations = Channel.CreateUnbounded<RunCancellation>();

    FakeWorker(HubConnection connection)
    {
        this.connection = connection;
        connection.On<AnalysisAssignment>(nameof(IComputeWorker.AnalyseCheckpoint), a => analyses.Writer.TryWrite(a));
        connection.On<RunAssignment>(nameof(IComputeWorker.AssignRun), a => runs.Writer.TryWrite(a));
        connection.On<RunCancellation>(nameof(IComputeWorker.CancelRun), c => cancellations.Writer.TryWrite(c));
    }

    public const string Name = "fake";

    /// <summary>As the server's registry knows this worker.</summary>
    public string? ConnectionId => connection.ConnectionId;
    public const int ProcessId = 424242;

    /// <param name="workerId">The id the worker registers with; none (as a worker from before ids) lets the server make one.</param>
    /// <param name="claimedRun">The run it says it has in hand, as a worker registering again does.</param>
    /// <param name="token">The worker token it presents; none: the local worker's.</param>
    /// <param name="capacity">The name, device and memory it reports; none: <see cref="Name"/>, "cpu (test)" and no memory.</param>
    public static async Task<FakeWorker> ConnectAsync(RunningServer server, Guid workerId = default, Guid? claimedRun = null, string? token = null,
        (string Name, string Device, long? MemoryBytes)? capacity = null)
    {
        var (name, device, memory) = capacity ?? (Name, "cpu (test)", null);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, ComputeHubRoute.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token ?? server.Tokens.LocalToken))
            .AddJsonProtocol(o => JsonFormat.Configure(o.PayloadSerializerOptions))
            .Build();
        var worker = new FakeWorker(connection);
        await connection.StartAsync();
        await connection.InvokeAsync(nameof(IComputeHub.Register), new WorkerRegistration(name, device, 1, ProcessId, "test", claimedRun, memory) { WorkerId = workerId });
        return worker;
    }

    /// <summary>The next analysis the server sends (awaits the hub message, no polling).</summary>
    public Task<AnalysisAssignment> NextAnalysisAsync(TimeSpan? timeout = null) =>
        analyses.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>The next run the server gives this worker.</summary>
    public Task<RunAssignment> NextRunAsync(TimeSpan? timeout = null) =>
        runs.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>The next run the server tells this worker to stop.</summary>
    public Task<RunCancellation> NextCancellationAsync(TimeSpan? timeout = null) =>
        cancellations.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public Task ReportAsync(params RunEvent[] events) =>
        connection.InvokeAsync(nameof(IComputeHub.ReportEvents), new RunEventBatch(events));

    /// <summary>Closes the connection without a word about the work in hand, as a crashed worker would.</summary>
    public Task DisconnectAsync() => connection.StopAsync();

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
