using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Fanout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HessianWeb.Tests.Server.Runs.Fanout;

/// <summary>One server instance's notifier and relay, registered as the server registers them, on a Redis of the test's choosing.</summary>
sealed class RelayedInstance(ServiceProvider services, RecordedLogs logs) : IAsyncDisposable
{
    public RecordedLogs Logs => logs;
    public RunNotifier Notifier => services.GetRequiredService<RunNotifier>();
    public RedisRunEventRelay Relay => services.GetRequiredService<RedisRunEventRelay>();

    /// <param name="channelPrefix">The test's own: other tests and helpers share this Redis.</param>
    public static async Task<RelayedInstance> StartAsync(string redis, string channelPrefix)
    {
        var logs = new RecordedLogs();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(logs))
            .AddSingleton<RunNotifier>()
            .AddRunEventRelay(new RelayOptions(redis, channelPrefix))
            .BuildServiceProvider();
        var instance = new RelayedInstance(services, logs);
        foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
        return instance;
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
