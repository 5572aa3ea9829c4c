using System.Security.Claims;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Artifacts;

namespace HessianWeb.Server.Artifacts;

/// <summary>
/// The routes of <see cref="ArtifactRoutes"/>: workers only (their token as a bearer header, as the hub takes it); a
/// browser or an anonymous caller gets 401. A worker uploads only the files of a run a worker of its token holds.
/// </summary>
public static class ArtifactTransferApi
{
    public static IServiceCollection AddArtifactTransfers(this IServiceCollection services)
    {
        services.AddOptions<ArtifactTransferOptions>().BindConfiguration("Artifacts");
        services.AddSingleton<ArtifactUploads>();
        return services;
    }

    public static IEndpointRouteBuilder MapArtifactTransfers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ArtifactRoutes.Prefix).RequireAuthorization(Access.Policies.Worker).DisableAntiforgery();

        group.MapGet("/runs/{runId:guid}/uploads/{sequence:long}", (Guid runId, long sequence, ClaimsPrincipal user, ArtifactUploads uploads, CancellationToken ct) =>
            uploads.ProgressAsync(runId, sequence, TokenId(user), ct));
        group.MapPut("/runs/{runId:guid}/uploads/{sequence:long}", (Guid runId, long sequence, long offset, long length, ClaimsPrincipal user, HttpRequest request, ArtifactUploads uploads, CancellationToken ct) =>
            uploads.ReceiveAsync(runId, sequence, TokenId(user), offset, length, request, ct));
        group.MapPost("/runs/{runId:guid}/uploads/{sequence:long}/complete", (Guid runId, long sequence, UploadCompletion completion, ClaimsPrincipal user, ArtifactUploads uploads, CancellationToken ct) =>
            uploads.CompleteAsync(runId, sequence, TokenId(user), completion, ct));
        group.MapGet("/runs/{runId:guid}/artifacts/{name}", (Guid runId, string name, ArtifactFiles files) =>
            files.Find(runId, name) is { } path
                ? Results.File(path, "application/octet-stream", name, enableRangeProcessing: true)
                : Results.Problem(detail: $"run {runId} has no file '{name}'", statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    static string? TokenId(ClaimsPrincipal user) => user.FindFirst(Access.AccessClaims.WorkerToken)?.Value;
}
