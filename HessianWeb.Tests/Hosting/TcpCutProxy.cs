using System.Net;
using System.Net.Sockets;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A TCP proxy on 127.0.0.1 between a worker and the server, to cut the real connection: <see cref="Sever"/> closes
/// every connection through it and turns new ones away (accepted and closed at once, as a failed link looks from
/// either end) until <see cref="Restore"/>.
/// </summary>
public sealed class TcpCutProxy : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly IPEndPoint target;
    readonly CancellationTokenSource stop = new();
    readonly List<TcpClient> open = [];
    volatile bool severed;

    public TcpCutProxy(Uri server)
    {
        target = new IPEndPoint(IPAddress.Loopback, server.Port);
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The address to give the worker instead of the server's.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Connections severed so far and connections turned away while severed.</summary>
    public int Severed { get; private set; }
    public int TurnedAway { get; private set; }

    public void Sever()
    {
        severed = true;
        lock (open)
        {
            foreach (var c in open) { c.Client.LingerState = new LingerOption(true, 0); c.Dispose(); Severed++; }
            open.Clear();
        }
    }

    public void Restore() => severed = false;

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            if (severed)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                TurnedAway++;
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    async Task PipeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(target, stop.Token);
            lock (open) { open.Add(client); open.Add(upstream); }
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stop.Token), b.CopyToAsync(a, stop.Token));
        }
        catch (Exception) { /* severed, or the other end went away */ }
        finally
        {
            lock (open) { open.Remove(client); open.Remove(upstream); }
            client.Dispose();
            upstream.Dispose();
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        Sever();
    }
}
