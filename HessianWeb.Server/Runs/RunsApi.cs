using HessianWeb.Server.Access;
using HessianWeb.Shared;
using System.Globalization;
using System.Text.Json;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs;

/// <summary>The scripting surface for runs: <c>/api/runs</c>.</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs");

        runs.MapPost("/", async (HttpRequest request, System.Security.Claims.ClaimsPrincipal user, RunSubmission submission, CancellationToken ct) =>
        {
            // Read the body ourselves so that malformed JSON is a ProblemDetails naming the field too.
            var (spec, problem) = await JsonBody.ReadAsync<ExperimentSpec>(request, "The experiment spec is not valid JSON of the expected shape.", ct);
            if (problem is not null) return problem;
            var submitted = await submission.SubmitAsync(spec, user.UserName()!, ct);
            if (submitted.Refusal is { } refusal)
                return Results.Problem(refusal, statusCode: StatusCodes.Status422UnprocessableEntity, title: "No connected worker can hold this run.");
            if (submitted.Created is not { } run)
                return Results.ValidationProblem(submitted.Errors, title: "The experiment spec has invalid values.", statusCode: submitted.ErrorStatus);
            return Results.Created($"/api/runs/{run.Id}", new { id = run.Id });
        }).RequireAuthorization(Policies.Member);

        runs.MapRunListing();

        runs.MapGet("/{id:guid}", async (Guid id, RunResults results, CancellationToken ct) =>
            await results.GetAsync(id, ct) is { } run ? Results.Ok(run) : NotFound(id)).RequireAuthorization(Policies.Reader);

        runs.MapGet("/{id:guid}/spectra", async (Guid id, RunResults results, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? NotFound(id) : Results.Ok(await results.GetSpectraAsync(id, ct))).RequireAuthorization(Policies.Reader);

        runs.MapGet("/{id:guid}/densities", async (Guid id, RunResults results, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? NotFound(id) : Results.Ok(await results.GetDensitiesAsync(id, ct))).RequireAuthorization(Policies.Reader);

        runs.MapGet("/{id:guid}/traces", async (Guid id, RunResults results, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? NotFound(id) : Results.Ok(await results.GetTracesAsync(id, ct))).RequireAuthorization(Policies.Reader);

        runs.MapGet("/{id:guid}/outliers", async (Guid id, RunResults results, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? NotFound(id) : Results.Ok(await results.GetOutlierPredictionsAsync(id, ct))).RequireAuthorization(Policies.Reader);

        runs.MapGet("/{id:guid}/checkpoints", async (Guid id, RunResults results, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? NotFound(id) : Results.Ok(await results.GetCheckpointsAsync(id, ct))).RequireAuthorization(Policies.Reader);

        runs.MapGet("/{id:guid}/events", async (Guid id, HttpRequest request, RunResults results, CancellationToken ct) =>
        {
            // Read by hand: the binder's answer to after=abc is a 400 that names no parameter (and an empty after= was one too).
            var after = request.Query["after"].ToString();
            long sequence = 0;
            if (!string.IsNullOrWhiteSpace(after) && !long.TryParse(after, NumberStyles.Integer, CultureInfo.InvariantCulture, out sequence))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["after"] = [$"after must be a whole number, the last sequence number seen; got '{after}'."] },
                    title: "The events query has invalid parameters.");
            return await results.GetAsync(id, ct) is null ? NotFound(id) : Results.Ok(await results.GetEventsAsync(id, sequence, ct));
        }).RequireAuthorization(Policies.Reader);

        runs.MapPost("/{id:guid}/cancel", async (Guid id, RunResults results, RunScheduler scheduler, CancellationToken ct) =>
        {
            var run = await results.GetAsync(id, ct);
            if (run is null) return NotFound(id);
            if (run.Status.IsTerminal())
                return Results.Problem($"The run already ended as {run.Status.ToString().ToLowerInvariant()}.", statusCode: StatusCodes.Status409Conflict);
            await scheduler.CancelAsync(id, ct);
            return Results.Accepted($"/api/runs/{id}");
        }).RequireAuthorization(Policies.Member);

        return app;
    }

    internal static IResult NotFound(Guid id) =>
        Results.Problem($"There is no run {id}.", statusCode: StatusCodes.Status404NotFound, title: "Run not found");
}
