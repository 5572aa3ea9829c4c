using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Export;

/// <summary><c>GET /api/runs/{id}/export</c>: the run as a zip (see <see cref="RunExport"/>).</summary>
public static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/{id:guid}/export", async (Guid id, RunResults results, RunExport export, HttpContext http, CancellationToken ct) =>
        {
            var run = await results.GetAsync(id, ct);
            if (run is null) return RunsApi.NotFound(id);
            // The zip's promise is the trained model: without final weights there is nothing to load, so say so.
            if (await export.FinalWeightsAsync(id, ct) is null)
                return Results.Problem(NoFinalWeights(run), statusCode: StatusCodes.Status409Conflict, title: "The run has no final weights to export");
            return Results.Stream(body => export.WriteAsync(run, body, http.RequestAborted), "application/zip", RunExport.FileName(run));
        }).RequireAuthorization(Policies.Reader);
        return app;
    }

    static string NoFinalWeights(RunSummary run) => run.Status switch
    {
        RunStatus.Queued => "The run is queued; export it once it has completed.",
        RunStatus.Running => "The run is still running; export it once it has completed.",
        RunStatus.Completed => "The run completed without saving its final weights (it ran on a worker that saves none).",
        _ => $"The run ended as {run.Status.ToString().ToLowerInvariant()} before training finished, so it has no final weights. Its results are at /api/runs/{run.Id}/spectra and /events.",
    };
}
