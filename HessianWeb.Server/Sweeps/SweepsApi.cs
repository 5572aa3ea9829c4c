using HessianWeb.Server.Access;
using System.Text.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;

namespace HessianWeb.Server.Sweeps;

/// <summary>The scripting surface for sweeps: <c>/api/sweeps</c>.</summary>
public static class SweepsApi
{
    public static IEndpointRouteBuilder MapSweepsApi(this IEndpointRouteBuilder app)
    {
        var sweeps = app.MapGroup("/api/sweeps");

        sweeps.MapPost("/", async (HttpRequest request, System.Security.Claims.ClaimsPrincipal user, RunSubmission submission, CancellationToken ct) =>
        {
            var (sweep, problem) = await JsonBody.ReadAsync<SweepSpec>(request, "The sweep is not valid JSON of the expected shape.", ct);
            if (problem is not null) return problem;
            var submitted = await submission.SubmitSweepAsync(sweep, user.UserName()!, ct);
            if (submitted.Refusal is { } refusal)
                return Results.Problem(refusal, statusCode: StatusCodes.Status422UnprocessableEntity, title: "No connected worker can hold this sweep's runs.");
            if (submitted.Created is not { } created)
                return Results.ValidationProblem(submitted.Errors, title: "The sweep has invalid axes or values.", statusCode: submitted.ErrorStatus);
            return Results.Created($"/api/sweeps/{created.Id}", new { id = created.Id, runs = created.RunCount });
        }).RequireAuthorization(Policies.Member);

        sweeps.MapGet("/", async (SweepStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct: ct))).RequireAuthorization(Policies.Viewer);

        sweeps.MapGet("/{id:guid}", async (Guid id, SweepStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } sweep ? Results.Ok(sweep) : NotFound(id)).RequireAuthorization(Policies.Reader);

        sweeps.MapPost("/{id:guid}/cancel", async (Guid id, SweepStore store, RunScheduler scheduler, CancellationToken ct) =>
            await SweepCancellation.CancelAsync(store, scheduler, id, ct) is { } cancelled
                ? Results.Accepted($"/api/sweeps/{id}", new { cancelled })
                : NotFound(id)).RequireAuthorization(Policies.Member);

        return app;
    }

    static IResult NotFound(Guid id) =>
        Results.Problem($"There is no sweep {id}.", statusCode: StatusCodes.Status404NotFound, title: "Sweep not found");
}
