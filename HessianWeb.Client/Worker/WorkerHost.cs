using System.Diagnostics;
using System.Net;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Client.Worker;

/// <summary>Connects to the server, registers, and serves runs until the server or the parent goes away.</summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(WorkerSettings settings)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        WatchParent(settings.ParentProcessId, stop);

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(settings.Server, ComputeHubRoute.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(settings.Token))
            .WithAutomaticReconnect(new ForeverRetry())
            .AddJsonProtocol(o => SpecJson.Configure(o.PayloadSerializerOptions))
            .Build();
        // An exact spectrum of 5,000 values travels in one message.
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        using var artifacts = ArtifactTransfer.Create(settings.Server, settings.Token);

        var hub = new ComputeHubClient(connection);
        var sender = new RunEventSender(hub, ct => WaitConnectedAsync(connection, ct));
        var executor = new RunExecutor(settings.Threads);
        var worker = new ComputeWorker(sender, executor, artifacts);
        ComputeHubClient.Bind(connection, worker);

        var registration = () => new WorkerRegistration(
            settings.Name, executor.DeviceDescription, settings.Threads, Environment.ProcessId,
            typeof(WorkerHost).Assembly.GetName().Version?.ToString() ?? "0", worker.CurrentRunId,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        connection.Reconnected += _ => hub.Register(registration());

        try
        {
            await ConnectAsync(connection, stop.Token);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            Console.Error.WriteLine($"The server at {settings.Server} refused this worker's token (401).");
            return 3;
        }
        catch (OperationCanceledException) { return 0; }

        await hub.Register(registration());
        Console.WriteLine($"Worker '{settings.Name}' (pid {Environment.ProcessId}, {executor.DeviceDescription}, {settings.Threads} threads) connected to {settings.Server}");

        var sending = sender.RunAsync(stop.Token);
        var running = worker.RunAsync(stop.Token);
        try { await Task.WhenAny(sending, running, Task.Delay(Timeout.Infinite, stop.Token)); }
        catch (OperationCanceledException) { }
        stop.Cancel();
        await connection.DisposeAsync();
        return 0;
    }

    static async Task ConnectAsync(HubConnection connection, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await connection.StartAsync(ct);
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode != HttpStatusCode.Unauthorized)
            {
                Console.Error.WriteLine($"Cannot reach the server yet ({ex.Message}); retrying.");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, 1 + attempt)), ct);
            }
        }
    }

    static async Task WaitConnectedAsync(HubConnection connection, CancellationToken ct)
    {
        while (connection.State != HubConnectionState.Connected)
        {
            var reconnected = new TaskCompletionSource();
            Task OnReconnected(string? _) { reconnected.TrySetResult(); return Task.CompletedTask; }
            connection.Reconnected += OnReconnected;
            try
            {
                if (connection.State == HubConnectionState.Connected) return;
                try { await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(5), ct); }
                catch (TimeoutException) { /* look at the state again */ }
            }
            finally { connection.Reconnected -= OnReconnected; }
        }
    }

    /// <summary>A local worker must not outlive the server that started it.</summary>
    static void WatchParent(int? parentId, CancellationTokenSource stop)
    {
        if (parentId is not { } pid) return;
        Process parent;
        try { parent = Process.GetProcessById(pid); }
        catch (ArgumentException) { stop.Cancel(); return; }
        parent.EnableRaisingEvents = true;
        parent.Exited += (_, _) => stop.Cancel();
        if (parent.HasExited) stop.Cancel();
    }

    sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            TimeSpan.FromSeconds(Math.Min(10, 0.5 * (context.PreviousRetryCount + 1)));
    }
}
