using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs.Analyses;

/// <summary>A new analysis of a checkpoint whose weights file was damaged on disk fails, naming the file.</summary>
public sealed class CorruptCheckpointTests : IAsyncLifetime
{
    readonly RunningServer server = new(startLocalWorker: false);
    FakeWorker worker = default!;

    public async Task InitializeAsync() => worker = await FakeWorker.ConnectAsync(server); // idle: an analysis starts at once

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        server.Dispose();
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "truncated", "bytes where" },
        { "overwritten", "its bytes no longer have the SHA-256 recorded when it was stored" },
        { "header", "its bytes no longer have the SHA-256 recorded when it was stored" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task The_analysis_fails_naming_the_damaged_file_and_the_run_stays_completed(string damage, string says)
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var weights = (await server.Results.GetCheckpointsAsync(run.Id)).Last(a => a.Checkpoint == Checkpoints.End);
        var path = server.Artifacts.FullPath(weights.File!);
        var bytes = await File.ReadAllBytesAsync(path);
        switch (damage)
        {
            case "truncated": bytes = bytes[..^40]; break;
            case "overwritten": bytes.AsSpan(bytes.Length - 16).Fill(0x7F); break; // inside the last tensor's values
            case "header": bytes.AsSpan(8, 4).Fill((byte)'#'); break;
        }
        await File.WriteAllBytesAsync(path, bytes);

        var response = await server.Http.PostAsync($"/api/runs/{run.Id}/analyses",
            new StringContent("""{ "checkpoint": "end" }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var analysisId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("analysisId").GetGuid();

        var analysis = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/analyses/{analysisId}");
        Assert.Equal("failed", analysis.GetProperty("status").GetString());
        var error = analysis.GetProperty("error").GetString()!;
        Assert.StartsWith($"The saved weights of checkpoint 'end' could not be read: The file {path} is damaged: ", error);
        Assert.Contains(says, error);
        Assert.Equal(RunStatus.Completed, (await server.Results.GetAsync(run.Id))!.Status);
    }
}
