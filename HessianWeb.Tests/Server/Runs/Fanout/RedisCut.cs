using System.Net;
using System.Net.Sockets;

namespace HessianWeb.Tests.Server.Runs.Fanout;

/// <summary>
/// A loopback forwarder to the test Redis that the test can cut, as a network outage would: the shared Redis itself is
/// never stopped (other tests use it).
/// </summary>
sealed class RedisCut : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly List<TcpClient> open = [];
    readonly CancellationTokenSource cut = new();
    readonly DnsEndPoint redis;

    public RedisCut(string redisConfiguration)
    {
        var parts = redisConfiguration.Split(',')[0].Split(':');
        redis = new DnsEndPoint(parts[0], int.Parse(parts[1]));
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Where the instance behind the cut connects.</summary>
    public string Configuration => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cut.Token);
                var server = new TcpClient();
                await server.ConnectAsync(redis.Host, redis.Port, cut.Token);
                lock (open) open.AddRange([client, server]);
                _ = Pump(client, server);
                _ = Pump(server, client);
            }
        }
        catch (Exception) when (cut.IsCancellationRequested) { }
    }

    async Task Pump(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream(), cut.Token); }
        catch (Exception) when (cut.IsCancellationRequested) { }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        cut.Cancel();
        listener.Stop();
        lock (open) foreach (var c in open) c.Dispose();
    }

    public void Dispose()
    {
        if (!cut.IsCancellationRequested) Cut();
        cut.Dispose();
    }
}
