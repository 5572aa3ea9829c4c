using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Server.Uploads;
using HessianWeb.Shared;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary>
/// When the worker's <c>inspect</c> cannot read a TorchScript file for the server: it is not there, or it takes too long.
/// Either way the answer says why, and nothing is stored.
/// </summary>
public sealed class WorkerInspectionTests
{
    static readonly byte[] ResNet = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "uploads", "resnet.pt"));

    static async Task<string> RefusedAsync(RunningServer server, HttpStatusCode status)
    {
        var response = await UploadFiles.PostAsync(server.Http, ResNet, "resnet.pt");
        Assert.Equal(status, response.StatusCode);
        var uploads = server.Services.GetRequiredService<UploadStore>().Directory;
        Assert.Empty(Directory.GetFiles(uploads)); // neither the file nor its temporary
        Assert.Empty((await server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options))!);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Without_the_worker_a_torchscript_upload_is_a_503_that_says_where_it_was_looked_for()
    {
        using var server = new RunningServer(startLocalWorker: false, settings: new Dictionary<string, string> { ["Workers:LocalWorkerPath"] = "/nowhere/HessianWeb.Client.dll" });

        var detail = await RefusedAsync(server, HttpStatusCode.ServiceUnavailable);

        Assert.Equal("This server cannot read a TorchScript file now: the worker that reads them was not found at '/nowhere/HessianWeb.Client.dll'. "
            + "Build HessianWeb.Client or set Workers:LocalWorkerPath.", detail);
    }

    [Fact]
    public async Task A_reading_past_the_inspect_timeout_is_stopped_and_refused_in_words()
    {
        // A millisecond: starting the .NET runtime and LibTorch alone takes hundreds.
        using var server = new RunningServer(startLocalWorker: false, settings: new Dictionary<string, string> { ["Uploads:InspectTimeout"] = "00:00:00.001" });

        var detail = await RefusedAsync(server, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("resnet.pt took longer than 0.001 s to read.", detail);
    }
}
