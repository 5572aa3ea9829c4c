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

        ServerLink? link = null;
        // Transfers go to the server the worker is connected to now.
        using var artifacts = ArtifactTransfer.Create(() => link!.Server, settings.Token, uploadCache: settings.UploadCache);
        var hub = new ComputeHubClient(() => link!.Connection);
        var sender = new RunEventSender(hub, ct => link!.WaitConnectedAsync(ct));
        sender.Full += (events, bytes) => Console.Error.WriteLine(
            $"The outbox is full ({events} events, {bytes / 1048576.0:0.0} MiB): the run waits until the server takes them.");
        var executor = new RunExecutor(device, settings.Threads);
        var worker = new ComputeWorker(sender, executor, artifacts);

        var registration = () => new WorkerRegistration(
            settings.Name, executor.DeviceDescription, settings.Threads, Environment.ProcessId,
            typeof(WorkerHost).Assembly.GetName().Version?.ToString() ?? "0", worker.CurrentRunId,
            executor.MemoryBytes) { WorkerId = settings.WorkerId };
        await using var servers = new ServerLink(settings.Servers, server => Connect(server, settings.Token, worker),
            new ReconnectBackOff(settings.GiveUpAfter), registration, stop.Token);
        link = servers;

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
            Console.Error.WriteLine($"The server at {link.Server} refused this worker's token (401).");
            return 3;
        }
        Console.WriteLine($"Worker '{settings.Name}' (id {settings.WorkerId}, pid {Environment.ProcessId}, {executor.DeviceDescription}, " +
            $"{settings.Threads} threads) connected to {link.Server}");

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
        return code;
    }

    /// <summary>
    /// The connection to one server, not started. No automatic reconnect: <see cref="ServerLink"/> reconnects on every
    /// loss, including a server that closed the connection, and may go to another server.
    /// </summary>
    static HubConnection Connect(Uri server, string token, ComputeWorker worker)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, ComputeHubRoute.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => JsonFormat.Configure(o.PayloadSerializerOptions))
            .Build();
        // An exact spectrum of 5,000 values travels in one message.
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        ComputeHubClient.Bind(connection, worker);
        return connection;
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
