using HessianWeb.Server.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// A comparison's downloads, with the page's own parameters: <c>/api/compare/metrics.csv?runs=…</c> and
/// <c>/api/compare/series.json?runs=…</c> (every plotted series, as plotted: smoothed, thinned).
/// </summary>
public static class ComparisonApi
{
    public static IEndpointRouteBuilder MapComparisonApi(this IEndpointRouteBuilder app)
    {
        var compare = app.MapGroup("/api/compare");

        compare.MapGet("/metrics.csv", async (HttpContext http, RunStore store, CancellationToken ct) =>
        {
            if (await LoadAsync(http, store, ct) is not ({ } view, { } comparison)) return Problem(http);
            var csv = ComparisonMetrics.Csv(ComparisonMetrics.Rows(comparison, view.Checkpoint), view.Checkpoint);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"comparison-{view.Checkpoint}.csv");
        });

        compare.MapGet("/series.json", async (HttpContext http, RunStore store, CancellationToken ct) =>
        {
            if (await LoadAsync(http, store, ct) is not ({ } view, { } comparison)) return Problem(http);
            var body = new
            {
                view = view.ToParameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
                runs = comparison.Runs.Select((r, i) => new { id = r.Summary.Id, name = r.Summary.Name, label = CompareCharts.Label(r, i), color = r.Color }),
                charts = CompareCharts.All(comparison, view),
            };
            return Results.File(System.Text.Encoding.UTF8.GetBytes(SpecJson.Serialize(body)), "application/json", "comparison-series.json");
        });
        return app;
    }

    const string ErrorsKey = "compare-errors";

    static async Task<(CompareView, RunComparison)?> LoadAsync(HttpContext http, RunStore store, CancellationToken ct)
    {
        var (view, errors) = CompareView.Parse(name => http.Request.Query[name].ToString());
        if (view.Runs.Count == 0 && !errors.ContainsKey("runs")) errors["runs"] = ["Name the runs to compare: runs=id1,id2,…"];
        if (errors.Count > 0) { http.Items[ErrorsKey] = errors; return null; }
        var comparison = await RunComparison.LoadAsync(store, view.Runs, ct);
        if (comparison.Missing.Count > 0)
        {
            http.Items[ErrorsKey] = new Dictionary<string, string[]> { ["runs"] = comparison.Missing.Select(id => $"There is no run {id}.").ToArray() };
            return null;
        }
        return (view, comparison);
    }

    static IResult Problem(HttpContext http) =>
        Results.ValidationProblem((Dictionary<string, string[]>)http.Items[ErrorsKey]!, title: "The comparison's parameters are not valid.");
}
