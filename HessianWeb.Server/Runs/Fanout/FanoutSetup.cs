using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace HessianWeb.Server.Runs.Fanout;

/// <summary>
/// Past one instance: with <c>Redis:Configuration</c> set, the run events each instance stores reach the pages open on
/// every other (<see cref="RedisRunEventRelay"/>), and SignalR's Redis backplane lets any instance call a worker
/// connected to another (Workers/WorkersSetup). Without it nothing changes: one server's notifier stays in its process.
/// </summary>
public static class FanoutSetup
{
    /// <summary>What the channels of a deployment are named after unless <c>Redis:ChannelPrefix</c> says otherwise.</summary>
    public const string DefaultChannelPrefix = "hessianweb";

    /// <summary>Redis's configuration and this deployment's channel prefix; null when <c>Redis:Configuration</c> is not set.</summary>
    public static RelayOptions? RedisOptions(IConfiguration configuration) =>
        configuration["Redis:Configuration"] is { Length: > 0 } redis
            ? new RelayOptions(redis, configuration["Redis:ChannelPrefix"] is { Length: > 0 } prefix ? prefix : DefaultChannelPrefix)
            : null;

    public static WebApplicationBuilder AddFanout(this WebApplicationBuilder builder)
    {
        if (RedisOptions(builder.Configuration) is { } redis) builder.Services.AddRunEventRelay(redis);
        return builder;
    }

    /// <summary>The Redis relay, started with the host, handing what other instances send to this one's <see cref="RunNotifier"/>.</summary>
    public static IServiceCollection AddRunEventRelay(this IServiceCollection services, RelayOptions redis) => services
        .AddSingleton(sp => new RedisRunEventRelay(redis, sp.GetRequiredService<ILogger<RedisRunEventRelay>>()))
        .AddSingleton<IRunEventRelay>(sp => sp.GetRequiredService<RedisRunEventRelay>())
        .AddHostedService<RunEventRelayStart>();

    /// <summary>SignalR's Redis backplane on this deployment's channels: the hub's clients and groups span the instances.</summary>
    public static ISignalRServerBuilder AddBackplane(this ISignalRServerBuilder signalR, IConfiguration configuration) =>
        RedisOptions(configuration) is { } redis
            ? signalR.AddStackExchangeRedis(redis.Configuration, o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal($"{redis.ChannelPrefix}:signalr");
                // As the relay: an instance whose Redis is away goes on with its own workers and reconnects.
                o.Configuration.AbortOnConnectFail = false;
            })
            : signalR;

    sealed class RunEventRelayStart(RedisRunEventRelay relay, RunNotifier notifier) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            relay.Start(notifier.Receive);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
