using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// This server process as the other instances sharing the store know it: a new id at every start (a restarted server is a
/// new instance, and the runs the old one held are settled as any gone instance's are) and a name for reasons and pages.
/// </summary>
public sealed record ServerInstance(Guid Id, string Name)
{
    /// <summary><c>Server:InstanceName</c>, or the machine's name and this process's id.</summary>
    public static ServerInstance From(IConfiguration configuration) =>
        new(Guid.NewGuid(), configuration["Server:InstanceName"] is { Length: > 0 } name ? name : $"{Environment.MachineName}:{Environment.ProcessId}");

    /// <summary>The SignalR group of the worker connection that has a run: a cancel from any instance reaches it through the backplane.</summary>
    public static string RunGroup(Guid runId) => $"run:{runId}";
}

/// <summary>Bound from the <c>Scaling</c> configuration section.</summary>
public sealed class ScalingOptions
{
    /// <summary>How often an instance writes its heartbeat (and its workers) to its <see cref="ServerInstanceRecord"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An instance not heard from for this long is gone: the runs it held are settled once the reconnect grace has passed too.</summary>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

public static class ServerInstancesSetup
{
    /// <summary>This instance, its row among the instances, and the settling of the runs of those that are gone.</summary>
    public static IServiceCollection AddServerInstances(this IServiceCollection services, ServerInstance instance)
    {
        services.AddOptions<ScalingOptions>().BindConfiguration("Scaling");
        services.AddSingleton(instance);
        services.AddSingleton<ServerInstanceRoster>();
        services.AddSingleton<InterruptedRuns>();
        services.AddSingleton<ServerInstances>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerInstances>());
        return services;
    }
}
