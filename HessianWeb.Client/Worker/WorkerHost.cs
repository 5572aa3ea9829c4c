using HessianWeb.Shared;
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
    /// <param name="device">Where its runs compute (<see cref="ComputeDevice.Choose"/>).</param>
    public static async Task<int> RunAsync(WorkerSettings settings, TorchSharp.torch.Device device)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        WatchParent(settings.ParentProcessId, stop);

        // No automatic reconnect: ServerLink reconnects on every loss, including a server that closed the connection.
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(settings.Server, ComputeHubRoute.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(settings.Token))
            .AddJsonProtocol(o => JsonFormat.Configure(o.PayloadSerializerOptions))
            .Build();
        // An exact spectrum of 5,000 values travels in one message.
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        using var artifacts = ArtifactTransfer.Create(settings.Server, settings.Token);

        var hub = new ComputeHubClient(connection);
        ServerLink? link = null;
        var sender = new RunEventSender(hub, ct => link!.WaitConnectedAsync(ct));
        sender.Full += (events, bytes) => Console.Error.WriteLine(
            $"The outbox is full ({events} events, {bytes / 1048576.0:0.0} MiB): the run waits until the server takes them.");
        var executor = new RunExecutor(device, settings.Threads);
        var worker = new ComputeWorker(sender, executor, artifacts);
        ComputeHubClient.Bind(connection, worker);

        var registration = () => new WorkerRegistration(
            settings.Name, executor.DeviceDescription, settings.Threads, Environment.ProcessId,
            typeof(WorkerHost).Assembly.GetName().Version?.ToString() ?? "0", worker.CurrentRunId,
            executor.MemoryBytes) { WorkerId = settings.WorkerId };
        link = new ServerLink(connection, hub, new ReconnectBackOff(settings.GiveUpAfter), registration, settings.Server, stop.Token);

        try
        {
            if (!await link.ConnectAsync())
            {
                if (stop.IsCancellationRequested) return 0;
                Console.Error.WriteLine(await link.GaveUp);
                return 4;
            }
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            Console.Error.WriteLine($"The server at {settings.Server} refused this worker's token (401).");
            return 3;
        }
        Console.WriteLine($"Worker '{settings.Name}' (id {settings.WorkerId}, pid {Environment.ProcessId}, {executor.DeviceDescription}, " +
            $"{settings.Threads} threads) connected to {settings.Server}");

        var sending = sender.RunAsync(stop.Token);
        var running = worker.RunAsync(stop.Token);
        var code = 0;
        try
        {
            var ended = await Task.WhenAny(sending, running, link.GaveUp, Task.Delay(Timeout.Infinite, stop.Token));
            if (ended == link.GaveUp)
            {
                // The server's supervisor starts its local worker again; a remote worker's operator sees why it stopped.
                Console.Error.WriteLine(await link.GaveUp);
                code = 4;
            }
            else if (ended.IsFaulted) throw ended.Exception!.GetBaseException();
        }
        catch (OperationCanceledException) { }
        stop.Cancel();
        await connection.DisposeAsync();
        return code;
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
}
