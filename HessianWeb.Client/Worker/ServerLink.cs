using System.Diagnostics;
using System.Net;
using HessianWeb.Shared.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace HessianWeb.Client.Worker;

/// <summary>
/// The worker's connection to the servers it was given (instances sharing one store): connects to the first it reaches
/// and registers, and whenever the connection is lost (network cut, server restart, server closing it) tries the servers
/// in turn, from the one after the lost one, with <see cref="ReconnectBackOff"/> between rounds, and registers on the
/// first it reaches. Registering carries the run in hand, so the server, whichever it is, lets the worker keep it. A
/// <see cref="HubConnection"/> is bound to one address, so there is one per server. When no server can be reached for
/// <see cref="ReconnectBackOff.GiveUpAfter"/>, <see cref="GaveUp"/> completes with the reason in words.
/// </summary>
public sealed class ServerLink : IAsyncDisposable
{
    readonly IReadOnlyList<(Uri Server, HubConnection Connection)> links;
    readonly ReconnectBackOff backOff;
    readonly Func<WorkerRegistration> registration;
    readonly TaskCompletionSource<string> gaveUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationToken stopping;
    readonly object gate = new();
    TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    bool connecting;
    int current;

    /// <param name="connect">Builds the (not yet started) connection to one server, with the worker's handlers bound.</param>
    public ServerLink(IReadOnlyList<Uri> servers, Func<Uri, HubConnection> connect, ReconnectBackOff backOff,
        Func<WorkerRegistration> registration, CancellationToken stopping)
    {
        if (servers.Count == 0) throw new ArgumentException("Give at least one server.", nameof(servers));
        links = servers.Select(server => (server, connect(server))).ToList();
        this.backOff = backOff;
        this.registration = registration;
        this.stopping = stopping;
        foreach (var (_, connection) in links) connection.Closed += error => OnClosedAsync(connection, error);
    }

    /// <summary>Completes with the reason when the worker gives up on the servers.</summary>
    public Task<string> GaveUp => gaveUp.Task;

    /// <summary>The server the worker is connected to now (while it reconnects: the one it is trying).</summary>
    public Uri Server { get { lock (gate) return links[current].Server; } }

    /// <summary>The connection to <see cref="Server"/>.</summary>
    public HubConnection Connection { get { lock (gate) return links[current].Connection; } }

    /// <summary>Connects and registers for the first time; throws <see cref="HttpRequestException"/> (401) when the token is refused.</summary>
    public async Task<bool> ConnectAsync()
    {
        lock (gate) connecting = true;
        return await ConnectWithBackOffAsync(firstTime: true, from: 0);
    }

    /// <summary>Completes once the worker is connected and registered (at once if it is now).</summary>
    public async Task WaitConnectedAsync(CancellationToken ct)
    {
        Task ready;
        lock (gate) ready = connected.Task;
        await ready.WaitAsync(ct);
    }

    Task OnClosedAsync(HubConnection connection, Exception? error)
    {
        Uri lost;
        int next;
        lock (gate)
        {
            // A connection the worker left while trying the servers closes too; only losing the one it is on counts.
            if (connecting || stopping.IsCancellationRequested || !ReferenceEquals(connection, links[current].Connection)) return Task.CompletedTask;
            connecting = true;
            if (connected.Task.IsCompleted) connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
            lost = links[current].Server;
            next = (current + 1) % links.Count;
        }
        Console.Error.WriteLine($"Lost the server at {lost} ({error?.Message ?? "closed"}); reconnecting.");
        _ = ConnectWithBackOffAsync(firstTime: false, from: next);
        return Task.CompletedTask;
    }

    /// <summary>Rounds over every server, beginning with <paramref name="from"/>, until one takes the registration.</summary>
    async Task<bool> ConnectWithBackOffAsync(bool firstTime, int from)
    {
        var since = Stopwatch.StartNew();
        var attempts = 0;
        for (var round = 0; ; round++)
            for (var i = 0; i < links.Count; i++)
            {
                var index = (from + i) % links.Count;
                var (server, connection) = links[index];
                lock (gate) current = index;
                attempts++;
                try
                {
                    await StopAsync(connection);
                    await connection.StartAsync(stopping);
                    await new ComputeHubClient(() => connection).Register(registration());
                    lock (gate)
                    {
                        connecting = false;
                        connected.TrySetResult();
                    }
                    if (!firstTime) Console.WriteLine($"Reconnected to {server} after {since.Elapsed.TotalSeconds:0.0} s ({attempts} attempts).");
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
                    try { await StopAsync(connection); }
                    catch (OperationCanceledException) { return false; }
                    if (i < links.Count - 1)
                    {
                        Console.Error.WriteLine($"Cannot reach the server at {server} ({ex.Message}); trying {links[(index + 1) % links.Count].Server}.");
                        continue;
                    }
                    if (backOff.NextDelay(round, since.Elapsed) is not { } delay)
                    {
                        gaveUp.TrySetResult($"Gave up: {Servers()} could not be reached for {since.Elapsed.TotalSeconds:0} s " +
                            $"(the limit is {backOff.GiveUpAfter.TotalSeconds:0} s; last error: {ex.Message}).");
                        return false;
                    }
                    Console.Error.WriteLine($"Cannot reach the server at {server} ({ex.Message}); trying again in {delay.TotalSeconds:0.0} s.");
                    try { await Task.Delay(delay, stopping); }
                    catch (OperationCanceledException) { return false; }
                }
            }
    }

    /// <summary>Leaves a connection that is not (or no longer) the worker's; its Closed event is then not a loss.</summary>
    async Task StopAsync(HubConnection connection)
    {
        if (connection.State != HubConnectionState.Disconnected) await connection.StopAsync(stopping);
    }

    string Servers() => links.Count == 1
        ? $"the server at {links[0].Server}"
        : $"the servers at {string.Join(", ", links.Select(l => l.Server))}";

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, connection) in links) await connection.DisposeAsync();
    }
}
