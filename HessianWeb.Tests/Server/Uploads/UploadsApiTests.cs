using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using HessianWeb.Server.Access;
using HessianWeb.Server.Uploads;
using HessianWeb.Shared;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary><c>/api/uploads</c> and the worker's download against the real server: stored once, refused whole.</summary>
public sealed class UploadsApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false, settings: new Dictionary<string, string> { ["Uploads:MaxBytes"] = "100000" });
    readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("hessianweb-uploads-");

    public void Dispose()
    {
        server.Dispose();
        scratch.Delete(recursive: true);
    }

    string UploadsFolder => server.Services.GetRequiredService<UploadStore>().Directory;

    [Fact]
    public async Task A_data_file_is_stored_once_under_its_sha256_and_the_same_bytes_again_are_the_same_upload()
    {
        var bytes = await UploadFiles.BlobsAsync(scratch.FullName);

        var first = await UploadFiles.PostAsync(server.Http, bytes, "blobs.safetensors");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = (await first.Content.ReadFromJsonAsync<UploadSummary>(JsonFormat.Options))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), created.Sha256);
        Assert.Equal(bytes.LongLength, created.Bytes);
        Assert.Equal(UploadKind.Safetensors, created.Kind);
        Assert.Equal(3, created.Contents.Classes);
        Assert.Equal("blobs.safetensors", created.FileName);
        Assert.Equal($"{UploadRoutes.Api}/{created.Id}", first.Headers.Location?.OriginalString);
        var json = await (await UploadFiles.PostAsync(server.Http, bytes, "again.safetensors")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.Id, json.GetProperty("id").GetGuid());
        Assert.Equal(created.Sha256, json.GetProperty("sha256").GetString());
        Assert.Equal(bytes.LongLength, json.GetProperty("bytes").GetInt64());

        var listed = (await server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options))!;
        Assert.Equal(created.Id, Assert.Single(listed).Id);
        Assert.Equal(created.Sha256, (await server.Http.GetFromJsonAsync<UploadSummary>($"{UploadRoutes.Api}/{created.Id}", JsonFormat.Options))!.Sha256);
        Assert.Equal([created.Sha256], Directory.GetFiles(UploadsFolder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_and_leaves_no_file()
    {
        var response = await UploadFiles.PostAsync(server.Http, new byte[150_000], "large.bin");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Uploads:MaxBytes", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetFiles(UploadsFolder));
        Assert.Empty((await server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options))!);
    }

    [Fact]
    public async Task A_truncated_safetensors_file_is_refused_with_the_reason_and_nothing_is_stored()
    {
        var bytes = await UploadFiles.BlobsAsync(scratch.FullName);

        var response = await UploadFiles.PostAsync(server.Http, bytes[..^40], "blobs.safetensors");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.StartsWith("blobs.safetensors: ", detail);
        Assert.Contains("truncated", detail);
        Assert.Empty(Directory.GetFiles(UploadsFolder)); // neither the file nor its temporary
        Assert.Empty((await server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options))!);
    }

    [Fact]
    public async Task A_viewer_may_not_upload_a_torchscript_file_through_the_api_nor_the_form()
    {
        var viewer = await server.SignedInHttpAsync("vera", Roles.Viewer);
        var torchScript = UploadFiles.TorchScriptLike();

        var response = await UploadFiles.PostAsync(viewer, torchScript, "model.pt");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        // The form streams to the store in-process: it refuses a viewer itself, in words.
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Name, "vera"), new(System.Security.Claims.ClaimTypes.Role, Roles.Viewer)], "test"));
        var refused = await Assert.ThrowsAsync<UploadRefusedException>(() =>
            server.Services.GetRequiredService<UploadStore>().SaveAsync(new MemoryStream(torchScript), "model.pt", principal, CancellationToken.None));
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("viewer", refused.Message);
        Assert.False(Directory.Exists(UploadsFolder) && Directory.EnumerateFileSystemEntries(UploadsFolder).Any());
    }

    [Fact]
    public async Task The_worker_downloads_an_upload_with_its_token_and_ranges_and_nobody_else_does()
    {
        var bytes = await UploadFiles.BlobsAsync(scratch.FullName);
        var upload = (await (await UploadFiles.PostAsync(server.Http, bytes, "blobs.safetensors")).Content.ReadFromJsonAsync<UploadSummary>(JsonFormat.Options))!;
        using var worker = server.WorkerHttp();

        Assert.Equal(bytes, await worker.GetByteArrayAsync(UploadRoutes.WorkerDownload(upload.Id)));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, UploadRoutes.WorkerDownload(upload.Id)) { Headers = { Range = new RangeHeaderValue(8, 15) } };
        var part = await worker.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[8..16], await part.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync(UploadRoutes.WorkerDownload(Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.AnonymousHttp().GetAsync(UploadRoutes.WorkerDownload(upload.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.GetAsync(UploadRoutes.WorkerDownload(upload.Id))).StatusCode);
    }
}
