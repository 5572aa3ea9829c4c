using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// A comparison's downloads, from the same query string as the page (<c>/compare?runs=…</c>), so the page links
/// to them by swapping the path: <c>GET /api/compare/metrics.csv</c> (the metrics table) and
/// <c>GET /api/compare/series</c> (every plotted series, JSON).
/// </summary>
public static class ComparisonApi
{
    public static IEndpointRouteBuilder MapComparisonApi(this IEndpointRouteBuilder app)
    {
        var compare = app.MapGroup("/api/compare");

        compare.MapGet("/metrics.csv", (HttpRequest request, ComparisonLoader loader, CancellationToken ct) =>
            WithComparisonAsync(request, loader, ct, (comparison, state, checkpoint) =>
            {
                var csv = ComparisonMetrics.Csv(ComparisonMetrics.Rows(comparison, checkpoint, state.Operator), checkpoint, state.Operator);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "comparison-metrics.csv");
            })).RequireAuthorization(Policies.Reader);

        compare.MapGet("/series", (HttpRequest request, ComparisonLoader loader, CancellationToken ct) =>
            WithComparisonAsync(request, loader, ct, (comparison, state, checkpoint) => Results.Ok(new
            {
                checkpoint,
                @operator = state.Operator,
                smoothing = state.Smoothing,
                runs = comparison.Runs.Select(r => new { r.Letter, r.Id, r.Summary.Name, r.Color }),
                charts = ComparisonCharts.Build(comparison, state with { Checkpoint = checkpoint }).Select(c => new
                {
                    c.Key,
                    c.Options.Title,
                    c.Options.XAxisTitle,
                    c.Options.YAxisTitle,
                    c.Options.XLabels,
                    c.Series,
                }),
            }))).RequireAuthorization(Policies.Reader);
        return app;
    }

    /// <summary>A 400 naming the query key for a bad value, a 404 naming the runs that do not exist, else the answer.</summary>
    static async Task<IResult> WithComparisonAsync(HttpRequest request, ComparisonLoader loader, CancellationToken ct,
        Func<RunComparison, ComparisonState, string?, IResult> answer)
    {
        var (state, errors) = ComparisonState.Parse(request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
        if (errors.Count > 0)
            return Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "The comparison's query has invalid values.");
        var comparison = await loader.LoadAsync(state.Runs, ct);
        if (comparison.Unknown.Count > 0)
            return comparison.Unknown.Count == 1 ? RunsApi.NotFound(comparison.Unknown[0])
                : Results.Problem($"There are no runs {string.Join(", ", comparison.Unknown)}.", statusCode: StatusCodes.Status404NotFound, title: "Runs not found");
        return answer(comparison, state, comparison.CheckpointFor(state.Checkpoint));
    }
}
