using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using Microsoft.AspNetCore.Mvc;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// What the <c>load</c> command reads from each server it starts, which runs in a process of its own: how many live
/// pages watch each run here, and the live renders this server recorded (<see cref="LiveRenderLag"/>). Admins only.
/// </summary>
public static class DiagnosticsApi
{
    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        var diagnostics = app.MapGroup("/api/diagnostics").RequireAuthorization(Policies.Admin);
        // ?run=a&run=b → { "a": 3, "b": 0 }: the pages of this server subscribed to each run's live events.
        diagnostics.MapGet("/live-pages", ([FromQuery] Guid[] run, RunNotifier notifier) =>
            Results.Ok(run.Distinct().ToDictionary(id => id, notifier.Subscribers)));
        diagnostics.MapGet("/live-renders", (LiveRenderLag lag) => Results.Ok(lag.Renders()));
        return app;
    }
}
