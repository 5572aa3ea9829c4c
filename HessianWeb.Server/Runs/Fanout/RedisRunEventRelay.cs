using System.Text.Json;
using System.Threading.Channels;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using StackExchange.Redis;

namespace HessianWeb.Server.Runs.Fanout;

/// <param name="Configuration">StackExchange.Redis's configuration string (<c>Redis:Configuration</c>).</param>
/// <param name="ChannelPrefix">Names this deployment's channels, so that several share one Redis (<c>Redis:ChannelPrefix</c>).</param>
public sealed record RelayOptions(string Configuration, string ChannelPrefix);

/// <summary>
/// The run events relayed over Redis pub/sub, one channel for every run (README "Live fan-out across instances" says
/// why Redis rather than PostgreSQL's NOTIFY). The store hands messages to a bounded outbox and goes on; one loop sends
/// them in that order, and one subscription hands the others' to the notifier in the order Redis delivers them, so a
/// run's events keep their order end to end.
/// </summary>
/// <remarks>
/// Redis is never needed to store or show a run on this instance. While it cannot be reached (at start or later), what
/// would be sent is dropped and this is logged once; when it is back, this instance's pages re-read the store and the
/// other instances are told to do the same (<see cref="RelayMessageKind.CatchUp"/>).
/// </remarks>
public sealed class RedisRunEventRelay(RelayOptions options, ILogger<RedisRunEventRelay> logger) : IRunEventRelay, IAsyncDisposable
{
    /// <summary>Messages waiting to be sent: some seconds of 20 runs' epochs; past it they are dropped and a catch-up follows.</summary>
    public const int OutboxCapacity = 10_000;

    readonly Channel<RelayMessage> outbox = Channel.CreateBounded<RelayMessage>(
        new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    readonly TaskCompletionSource subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource stopping = new();
    ConnectionMultiplexer? redis;
    Task running = Task.CompletedTask;
    int unreachable;
    int dropped;
    int disposed;

    /// <summary>This instance, as its messages name it.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    /// <summary>Completes once other instances' messages reach this one.</summary>
    public Task Subscribed => subscribed.Task;

    RedisChannel RunsChannel => RedisChannel.Literal($"{options.ChannelPrefix}:runs");

    public void Send(IReadOnlyList<RunEvent> events) => Enqueue(new RelayMessage(Instance, RelayMessageKind.Events, events));

    public void SendRunListChanged() => Enqueue(new RelayMessage(Instance, RelayMessageKind.RunListChanged));

    void Enqueue(RelayMessage message)
    {
        if (!outbox.Writer.TryWrite(message)) Volatile.Write(ref dropped, 1);
    }

    /// <summary>Connects in the background (an instance starts whether or not Redis answers) and hands what others send to <paramref name="receive"/>.</summary>
    public void Start(Action<RelayMessage> receive) => running = RunAsync(receive, stopping.Token);

    async Task RunAsync(Action<RelayMessage> receive, CancellationToken ct)
    {
        try { await RelayAsync(receive, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run events are not relayed over Redis at {Redis}: pages on other instances do not see this one's runs live", options.Configuration);
        }
    }

    async Task RelayAsync(Action<RelayMessage> receive, CancellationToken ct)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        // Keep trying in the background rather than fail: the instance serves its own pages meanwhile.
        configuration.AbortOnConnectFail = false;
        redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        redis.ConnectionFailed += (_, e) => Unreachable(e.Exception?.Message ?? e.FailureType.ToString());
        redis.ConnectionRestored += (_, _) => Reachable(receive);
        if (!redis.IsConnected) Unreachable("no connection could be made");
        var subscriber = redis.GetSubscriber();
        await Task.WhenAll(SendAllAsync(redis, subscriber, ct), SubscribeAsync(subscriber, receive, ct));
    }

    async Task SendAllAsync(ConnectionMultiplexer connection, ISubscriber subscriber, CancellationToken ct)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(ct))
        {
            if (!connection.IsConnected)
            {
                Volatile.Write(ref dropped, 1);
                continue;
            }
            // Some were dropped while the outbox was full: the others read the store instead.
            if (Interlocked.Exchange(ref dropped, 0) == 1) Publish(subscriber, new RelayMessage(Instance, RelayMessageKind.CatchUp));
            Publish(subscriber, message);
        }
    }

    // Fire and forget: commands on one connection go out in the order they are issued, and waiting for each reply
    // would hold every later message for a round trip.
    void Publish(ISubscriber subscriber, RelayMessage message)
    {
        try { subscriber.Publish(RunsChannel, JsonSerializer.SerializeToUtf8Bytes(message, JsonFormat.Options), CommandFlags.FireAndForget); }
        catch (RedisException ex)
        {
            Volatile.Write(ref dropped, 1);
            Unreachable(ex.Message);
        }
    }

    async Task SubscribeAsync(ISubscriber subscriber, Action<RelayMessage> receive, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                // One queue, handled one message at a time: the order Redis delivers in is the order the notifier gets.
                var queue = await subscriber.SubscribeAsync(RunsChannel);
                queue.OnMessage(m => Receive(m.Message, receive));
                subscribed.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Unreachable(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    void Receive(RedisValue value, Action<RelayMessage> receive)
    {
        RelayMessage? message;
        try { message = JsonSerializer.Deserialize<RelayMessage>((byte[])value!, JsonFormat.Options); }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "A message on {Channel} was not a relayed run event; it was ignored", RunsChannel);
            return;
        }
        if (message is null || message.From == Instance) return;
        receive(message);
    }

    void Unreachable(string reason)
    {
        if (Interlocked.Exchange(ref unreachable, 1) == 1) return;
        logger.LogWarning(
            "Redis at {Redis} cannot be reached ({Reason}). This instance goes on storing run events and showing them on its own pages; " +
            "pages open on other instances do not see them live until Redis is back, when every open page re-reads the store.",
            options.Configuration, reason);
    }

    void Reachable(Action<RelayMessage> receive)
    {
        if (Interlocked.Exchange(ref unreachable, 0) == 0) return;
        logger.LogInformation("Redis at {Redis} is reachable again: open pages re-read the store and run events are relayed as before", options.Configuration);
        // This instance missed the others' messages, and they missed its own.
        receive(new RelayMessage(Instance, RelayMessageKind.CatchUp));
        Enqueue(new RelayMessage(Instance, RelayMessageKind.CatchUp));
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as IRunEventRelay: the container disposes it under both.
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        outbox.Writer.TryComplete();
        await stopping.CancelAsync();
        await running;
        if (redis is not null) await redis.DisposeAsync();
        stopping.Dispose();
    }
}
