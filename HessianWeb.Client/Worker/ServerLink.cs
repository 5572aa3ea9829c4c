using System.Diagnostics;
using System.Net;
using HessianWeb.Shared.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace HessianWeb.Client.Worker;

/// <summary>
/// The worker's connection to the server: connects and registers, and whenever the connection is lost (network cut,
/// server restart, server closing it) connects and registers again with <see cref="ReconnectBackOff"/>. Registering
/// again carries the run in hand, so the server lets the worker keep it. When the server cannot be reached for
/// <see cref="ReconnectBackOff.GiveUpAfter"/>, <see cref="GaveUp"/> completes with the reason in words.
/// </summary>
public sealed class ServerLink
{
    readonly HubConnection connection;
    readonly IComputeHub hub;
    readonly ReconnectBackOff backOff;
    readonly Func<WorkerRegistration> registration;
    readonly Uri server;
    readonly TaskCompletionSource<string> gaveUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationToken stopping;
    readonly object gate = new();
    TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    bool connecting;

    public ServerLink(HubConnection connection, IComputeHub hub, ReconnectBackOff backOff, Func<WorkerRegistration> registration,
        Uri server, CancellationToken stopping)
    {
        this.connection = connection;
        this.hub = hub;
        this.backOff = backOff;
        this.registration = registration;
        this.server = server;
        this.stopping = stopping;
        connection.Closed += OnClosedAsync;
    }

    /// <summary>Completes with the reason when the worker gives up on the server.</summary>
    public Task<string> GaveUp => gaveUp.Task;

    /// <summary>Connects and registers for the first time; throws <see cref="HttpRequestException"/> (401) when the token is refused.</summary>
    public async Task<bool> ConnectAsync()
    {
        lock (gate) connecting = true;
        return await ConnectWithBackOffAsync(firstTime: true);
    }

    /// <summary>Completes once the worker is connected and registered (at once if it is now).</summary>
    public async Task WaitConnectedAsync(CancellationToken ct)
    {
        Task ready;
        lock (gate) ready = connected.Task;
        await ready.WaitAsync(ct);
    }

    Task OnClosedAsync(Exception? error)
    {
        lock (gate)
        {
            if (connecting || stopping.IsCancellationRequested) return Task.CompletedTask;
            connecting = true;
            if (connected.Task.IsCompleted) connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        Console.Error.WriteLine($"Lost the server at {server} ({error?.Message ?? "closed"}); reconnecting.");
        _ = ConnectWithBackOffAsync(firstTime: false);
        return Task.CompletedTask;
    }

    async Task<bool> ConnectWithBackOffAsync(bool firstTime)
    {
        var since = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (connection.State != HubConnectionState.Disconnected) await connection.StopAsync(stopping);
                await connection.StartAsync(stopping);
                await hub.Register(registration());
                lock (gate)
                {
                    connecting = false;
                    connected.TrySetResult();
                }
                if (!firstTime) Console.WriteLine($"Reconnected to {server} after {since.Elapsed.TotalSeconds:0.0} s ({attempt + 1} attempts).");
                return true;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return false; }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
            {
                if (firstTime) throw;
                gaveUp.TrySetResult($"Gave up: the server at {server} now refuses this worker's token (401).");
                return false;
            }
            catch (Exception ex)
            {
                if (backOff.NextDelay(attempt, since.Elapsed) is not { } delay)
                {
                    gaveUp.TrySetResult($"Gave up: the server at {server} could not be reached for {since.Elapsed.TotalSeconds:0} s " +
                        $"(the limit is {backOff.GiveUpAfter.TotalSeconds:0} s; last error: {ex.Message}).");
                    return false;
                }
                Console.Error.WriteLine($"Cannot reach the server at {server} ({ex.Message}); trying again in {delay.TotalSeconds:0.0} s.");
                try { await Task.Delay(delay, stopping); }
                catch (OperationCanceledException) { return false; }
            }
        }
    }
}
