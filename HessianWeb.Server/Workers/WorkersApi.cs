namespace HessianWeb.Server.Workers;

public static class WorkersApi
{
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workers", (WorkerRegistry registry) => Results.Ok(registry.All.Select(w => new
        {
            id = w.WorkerId,
            name = w.Name,
            device = w.Device,
            threads = w.Threads,
            processId = w.ProcessId,
            version = w.Version,
            connectedAt = w.ConnectedAt,
            state = w.State.ToString().ToLowerInvariant(),
            currentRunId = w.CurrentRunId,
            memoryBytes = w.MemoryBytes,
        }))).RequireAuthorization(Access.Policies.Viewer);
        return app;
    }
}
