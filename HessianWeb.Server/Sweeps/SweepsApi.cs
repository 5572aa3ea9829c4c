using System.Text.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Sweeps;

namespace HessianWeb.Server.Sweeps;

/// <summary>The scripting surface for sweeps: <c>/api/sweeps</c>.</summary>
public static class SweepsApi
{
    public static IEndpointRouteBuilder MapSweepsApi(this IEndpointRouteBuilder app)
    {
        var sweeps = app.MapGroup("/api/sweeps");

        sweeps.MapPost("/", async (HttpRequest request, RunStore store, RunScheduler scheduler, CancellationToken ct) =>
        {
            var (sweep, problem) = await RunsApi.ReadJsonAsync<SweepSpec>(request, "The sweep is not valid JSON of the expected shape.", ct);
            if (problem is not null) return problem;
            var grid = SweepGrid.Expand(sweep);
            if (!grid.IsValid)
                return Results.ValidationProblem(grid.Errors, title: "The sweep has invalid axes or values.");

            var id = await store.CreateSweepAsync(sweep!, grid.Points, ct);
            await scheduler.PumpAsync(ct);
            return Results.Created($"/api/sweeps/{id}", new { id, runs = grid.Points.Count });
        });

        sweeps.MapGet("/", async (RunStore store, CancellationToken ct) => Results.Ok(await store.ListSweepsAsync(ct: ct)));

        sweeps.MapGet("/{id:guid}", async (Guid id, RunStore store, CancellationToken ct) =>
            await store.GetSweepAsync(id, ct) is { } sweep ? Results.Ok(sweep) : NotFound(id));

        sweeps.MapPost("/{id:guid}/cancel", async (Guid id, RunStore store, RunScheduler scheduler, CancellationToken ct) =>
            await SweepCancellation.CancelAsync(store, scheduler, id, ct) is { } cancelled
                ? Results.Accepted($"/api/sweeps/{id}", new { cancelled })
                : NotFound(id));

        return app;
    }

    static IResult NotFound(Guid id) =>
        Results.Problem($"There is no sweep {id}.", statusCode: StatusCodes.Status404NotFound, title: "Sweep not found");
}
