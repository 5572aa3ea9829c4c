using Npgsql;
using StackExchange.Redis;

namespace HessianWeb.Server.Runs.Fanout.Bench;

/// <summary>One way between two instances: a publishing side and a listening side, each on its own connection.</summary>
interface IBenchTransport : IAsyncDisposable
{
    string Name { get; }
    Task ListenAsync(Action<string> received);
    Task PublishAsync(string payload);
}

/// <summary>Redis pub/sub, as <see cref="RedisRunEventRelay"/> uses it.</summary>
sealed class RedisBenchTransport(string configuration) : IBenchTransport
{
    readonly RedisChannel channel = RedisChannel.Literal($"fanout-bench-{Guid.NewGuid():N}");
    ConnectionMultiplexer? publisher, listener;

    public string Name => "redis";

    public async Task ListenAsync(Action<string> received)
    {
        publisher = await ConnectionMultiplexer.ConnectAsync(configuration);
        listener = await ConnectionMultiplexer.ConnectAsync(configuration);
        var queue = await listener.GetSubscriber().SubscribeAsync(channel);
        queue.OnMessage(m => received(m.Message!));
    }

    public Task PublishAsync(string payload) => publisher!.GetSubscriber().PublishAsync(channel, payload);

    public async ValueTask DisposeAsync()
    {
        if (publisher is not null) await publisher.DisposeAsync();
        if (listener is not null) await listener.DisposeAsync();
    }
}

/// <summary>PostgreSQL's LISTEN/NOTIFY: pg_notify from pooled connections, one connection listening.</summary>
sealed class PostgresBenchTransport(string connectionString) : IBenchTransport
{
    readonly string channel = $"fanout_bench_{Guid.NewGuid():N}";
    readonly CancellationTokenSource stopping = new();
    NpgsqlDataSource? publishers;
    NpgsqlConnection? listener;
    Task waiting = Task.CompletedTask;

    public string Name => "postgresql";

    public async Task ListenAsync(Action<string> received)
    {
        publishers = NpgsqlDataSource.Create(connectionString);
        listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => received(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {channel}", listener)) await listen.ExecuteNonQueryAsync();
        waiting = WaitAsync(listener, stopping.Token);
    }

    static async Task WaitAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try { while (true) await connection.WaitAsync(ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    public async Task PublishAsync(string payload)
    {
        await using var notify = publishers!.CreateCommand("SELECT pg_notify($1, $2)");
        notify.Parameters.Add(new NpgsqlParameter { Value = channel });
        notify.Parameters.Add(new NpgsqlParameter { Value = payload });
        await notify.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await waiting;
        if (listener is not null) await listener.DisposeAsync();
        if (publishers is not null) await publishers.DisposeAsync();
        stopping.Dispose();
    }
}
