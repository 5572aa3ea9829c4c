using HessianWeb.Server.Access;
using System.Text.Json;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs.Interpolations;

/// <summary>Loss along straight lines between checkpoints: <c>/api/runs/{id}/interpolations</c>.</summary>
public static class InterpolationsApi
{
    public static IEndpointRouteBuilder MapInterpolationsApi(this IEndpointRouteBuilder app)
    {
        var interpolations = app.MapGroup("/api/runs/{id:guid}/interpolations");

        interpolations.MapPost("/", async (Guid id, HttpRequest http, RunInterpolations service, CancellationToken ct) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<InterpolationRequest>(http, "The interpolation request is not valid JSON of the expected shape.", ct);
            if (problem is not null) return problem;
            if (request is null)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["The body must name the two ends, e.g. { \"from\": { \"checkpoint\": \"init\" }, \"to\": { \"checkpoint\": \"end\" } }."] },
                    title: "The interpolation request has invalid values.");

            var result = await service.RequestAsync(id, request, ct);
            return result.ToHttpResult(id, "The run cannot be interpolated now");
        }).RequireAuthorization(Policies.Member);

        interpolations.MapGet("/", async (Guid id, RunResults results, RunInterpolations service, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? RunsApi.NotFound(id) : Results.Ok(await service.GetInterpolationsAsync(id, ct))).RequireAuthorization(Policies.Reader);

        return app;
    }
}
