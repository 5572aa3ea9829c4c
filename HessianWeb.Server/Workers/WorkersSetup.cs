using HessianWeb.Shared;
using HessianWeb.Server.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Authentication;

namespace HessianWeb.Server.Workers;

public static class WorkersSetup
{
    public static WebApplicationBuilder AddWorkers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration("Workers");
        services.AddSingleton<WorkerTokens>();
        services.AddSingleton<WorkerRegistry>();
        services.AddSingleton<RunScheduler>();
        services.AddSingleton<RunHolding>();
        services.AddSingleton<LocalWorkerSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalWorkerSupervisor>());
        services.AddHostedService<InterruptedRuns>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, WorkerTokenAuthentication>(WorkerTokenAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddArtifactTransfers();
        services.AddSignalR()
            .AddHubOptions<ComputeHub>(o => o.MaximumReceiveMessageSize = ComputeHubRoute.MaxMessageBytes) // arrays go over ArtifactRoutes
            .AddJsonProtocol(o => JsonFormat.Configure(o.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplication MapWorkers(this WebApplication app)
    {
        app.MapHub<ComputeHub>(ComputeHubRoute.Path);
        app.MapWorkersApi();
        app.MapArtifactTransfers();
        return app;
    }
}
