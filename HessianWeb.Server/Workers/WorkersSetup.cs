using HessianWeb.Shared;
using HessianWeb.Server.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Access;
using HessianWeb.Server.Runs.Fanout;

namespace HessianWeb.Server.Workers;

public static class WorkersSetup
{
    public static WebApplicationBuilder AddWorkers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration("Workers");
        services.AddSingleton<WorkerTokens>();
        services.AddSingleton<WorkerRegistry>();
        services.AddSingleton<WorkerCapacities>();
        services.AddSingleton<RunScheduler>();
        services.AddSingleton<RunHolding>();
        services.AddSingleton<LocalWorkerSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalWorkerSupervisor>());
        services.AddServerInstances(ServerInstance.From(builder.Configuration));
        services.AddArtifactTransfers();
        services.AddSignalR()
            .AddHubOptions<ComputeHub>(o => o.MaximumReceiveMessageSize = ComputeHubRoute.MaxMessageBytes) // arrays go over ArtifactRoutes
            .AddJsonProtocol(o => JsonFormat.Configure(o.PayloadSerializerOptions))
            .AddBackplane(builder.Configuration); // Redis:Configuration set: the hub's clients and groups span the instances
        return builder;
    }

    public static WebApplication MapWorkers(this WebApplication app)
    {
        app.MapHub<ComputeHub>(ComputeHubRoute.Path).RequireAuthorization(Policies.Worker);
        app.MapWorkersApi();
        app.MapArtifactTransfers();
        return app;
    }
}
