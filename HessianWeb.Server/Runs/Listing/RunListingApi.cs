using HessianWeb.Server.Access;
using System.Security.Claims;
using System.Text.Json;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs.Listing;

/// <summary>
/// <c>GET /api/runs</c> (a page, sorted and filtered as the home page's address says), <c>PATCH /api/runs/{id}</c>
/// (tags, note, archived) and <c>DELETE /api/runs/{id}</c> (a member's own runs; an admin's any).
/// </summary>
public static class RunListingApi
{
    /// <summary>The number of runs that match, over all pages (the body is one page).</summary>
    public const string TotalCountHeader = "X-Total-Count";

    public static RouteGroupBuilder MapRunListing(this RouteGroupBuilder runs)
    {
        runs.MapGet("/", async (HttpContext http, RunListing listing, CancellationToken ct) =>
        {
            var (query, errors) = RunQuery.Parse(name => http.Request.Query[name].ToString());
            if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The runs query has invalid parameters.");
            var page = await listing.QueryAsync(query, ct);
            http.Response.Headers[TotalCountHeader] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Ok(page.Runs);
        }).RequireAuthorization(Policies.Viewer);

        runs.MapGet("/tags", async (RunListing listing, CancellationToken ct) => Results.Ok(await listing.GetTagsAsync(ct))).RequireAuthorization(Policies.Viewer);

        runs.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, RunListing listing, CancellationToken ct) =>
        {
            var (patch, problem) = await JsonBody.ReadAsync<RunPatch>(request, "The change is not valid JSON of the expected shape.", ct);
            if (problem is not null) return problem;
            if (patch is null)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["spec"] = ["The body must be an object with tags, note or archived."] });
            var errors = patch.Validate();
            if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The change has invalid values.");
            return await listing.UpdateAsync(id, patch, ct) is { } run ? Results.Ok(run) : RunsApi.NotFound(id);
        }).RequireAuthorization(Policies.Member);

        // A member deletes the runs they launched; an admin any (RunRemoval, which also writes the audit log).
        runs.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, RunRemoval removal, CancellationToken ct) =>
            await removal.DeleteAsync(user, id, ct) switch
            {
                (RunDeletion.Deleted, _) => Results.NoContent(),
                (RunDeletion.NotEnded, _) => Results.Problem("The run has not ended: cancel it first, then delete it.",
                    statusCode: StatusCodes.Status409Conflict, title: "Run still going"),
                (RunDeletion.Refused, var refusal) => Results.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "Not your run"),
                _ => RunsApi.NotFound(id),
            }).RequireAuthorization(Policies.Member);

        return runs;
    }
}
