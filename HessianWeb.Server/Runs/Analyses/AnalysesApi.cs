using HessianWeb.Server.Access;
using System.Text.Json;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs.Analyses;

/// <summary>New analyses of saved checkpoints: <c>/api/runs/{id}/analyses</c>.</summary>
public static class AnalysesApi
{
    /// <summary>The body of <c>POST /api/runs/{id}/analyses</c>; no analysis means the run's own settings.</summary>
    public sealed record AnalysisRequest(string? Checkpoint, AnalysisSpec? Analysis);

    public static IEndpointRouteBuilder MapAnalysesApi(this IEndpointRouteBuilder app)
    {
        var analyses = app.MapGroup("/api/runs/{id:guid}/analyses");

        analyses.MapPost("/", async (Guid id, HttpRequest http, RunAnalyses service, CancellationToken ct) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<AnalysisRequest>(http, "The analysis request is not valid JSON of the expected shape.", ct);
            if (problem is not null) return problem;
            if (request is null)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["checkpoint"] = ["The body must name a checkpoint, e.g. { \"checkpoint\": \"end\" }."] },
                    title: "The analysis request has invalid values.");

            var result = await service.RequestAsync(id, request.Checkpoint, request.Analysis, ct);
            return result.ToHttpResult(id, "The run cannot be analysed again now");
        }).RequireAuthorization(Policies.Member);

        analyses.MapGet("/", async (Guid id, RunResults results, AnalysisQueue queue, CancellationToken ct) =>
            await results.GetAsync(id, ct) is null ? RunsApi.NotFound(id) : Results.Ok(await queue.GetAnalysesAsync(id, ct))).RequireAuthorization(Policies.Reader);

        analyses.MapGet("/{analysisId:guid}", async (Guid id, Guid analysisId, AnalysisQueue queue, CancellationToken ct) =>
            await queue.GetAnalysisAsync(analysisId, ct) is { } analysis && analysis.RunId == id
                ? Results.Ok(analysis)
                : Results.Problem($"Run {id} has no analysis {analysisId}.", statusCode: StatusCodes.Status404NotFound, title: "Analysis not found")).RequireAuthorization(Policies.Reader);

        return app;
    }
}
