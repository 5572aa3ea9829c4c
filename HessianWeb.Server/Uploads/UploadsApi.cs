using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// <c>/api/uploads</c> for people and scripts, and the worker's download of an upload's bytes beside the artifact
/// transfers (<see cref="UploadRoutes.WorkerDownload"/>, a worker token as for Artifacts/ArtifactTransferApi).
/// </summary>
public static class UploadsApi
{
    /// <summary>The <c>Uploads</c> settings; the store itself comes with the run store (<see cref="AddUploadStore"/>).</summary>
    public static WebApplicationBuilder AddUploads(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadOptions>().BindConfiguration("Uploads");
        builder.Services.AddHostedService<AbandonedUploads>();
        return builder;
    }

    /// <summary>The store and the submit-time check, beside the run store's features (Runs/RunsSetup.AddRunStore), with default settings.</summary>
    public static IServiceCollection AddUploadStore(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>();
        services.AddOptions<Workers.WorkerOptions>();
        return services
            .AddSingleton<WorkerInspection>()
            .AddSingleton<UploadInspection>()
            .AddSingleton<UploadStore>()
            .AddSingleton<UploadedFiles>();
    }

    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup(UploadRoutes.Api);
        // Members only, as launching is (a TorchScript file runs code when loaded); the body streams past Kestrel's
        // 30 MB default, counted against Uploads:MaxBytes instead.
        uploads.MapPost("/", ReceiveAsync).RequireAuthorization(Policies.Member).DisableAntiforgery();
        uploads.MapGet("/", async (UploadStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct))).RequireAuthorization(Policies.Viewer);
        uploads.MapGet("/{id:guid}", async (Guid id, UploadStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } upload ? Results.Ok(upload) : NotFound(id)).RequireAuthorization(Policies.Viewer);

        app.MapGet($"{ArtifactRoutes.Prefix}/uploads/{{id:guid}}", async (Guid id, UploadStore store, CancellationToken ct) =>
            await store.FileAsync(id, ct) is { } path
                ? Results.File(path, "application/octet-stream", enableRangeProcessing: true)
                : NotFound(id)).RequireAuthorization(Policies.Worker);
        return app;
    }

    /// <summary>The form's one file part, streamed to the store as it arrives (not buffered).</summary>
    static async Task<IResult> ReceiveAsync(HttpRequest request, ClaimsPrincipal user, UploadStore store, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return Results.Problem("Send the file as multipart/form-data with one file part.", statusCode: StatusCodes.Status400BadRequest);
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
            try
            {
                var upload = await store.SaveAsync(section.Body, name, user, ct);
                return Results.Created($"{UploadRoutes.Api}/{upload.Id}", upload);
            }
            catch (UploadRefusedException refused)
            {
                return Results.Problem(refused.Message, statusCode: refused.Status, title: "The file was not stored.");
            }
        }
        return Results.Problem("The form has no file part.", statusCode: StatusCodes.Status400BadRequest);
    }

    static IResult NotFound(Guid id) => Results.Problem($"There is no upload {id}.", statusCode: StatusCodes.Status404NotFound, title: "Upload not found");
}
