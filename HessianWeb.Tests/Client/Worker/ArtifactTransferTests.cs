using HessianWeb.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using TorchSharp;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>
/// The worker's transfers (<see cref="ArtifactTransfer"/>) against the real server over real HTTP, with a network's faults
/// injected below the client (<see cref="FaultyNetwork"/>), and the server's refusals.
/// </summary>
public sealed class ArtifactTransferTests : IDisposable
{
    /// <summary>256 KiB chunks, so a 3.2 MB file is 13 requests; pauses of milliseconds.</summary>
    static readonly ArtifactTransferPolicy Quick = ArtifactTransferPolicy.Default with
    {
        ChunkBytes = 256 << 10, FirstBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(40),
    };

    readonly RunningServer server = new(startLocalWorker: false);

    /// <summary>The worker that holds the run <see cref="RunningAsync"/> made: only it may upload the run's files and report its events.</summary>
    FakeWorker? holder;

    public void Dispose()
    {
        holder?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        server.Dispose();
    }

    ArtifactTransfer Transfer(FaultyNetwork network) => ArtifactTransfer.Create(server.BaseAddress, server.Tokens.LocalToken, Quick, network);

    /// <summary>A running run (nothing saved yet), held by <see cref="holder"/>, and the sequence number its next event takes.</summary>
    async Task<(Guid RunId, long Sequence)> RunningAsync()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false, withArtifacts: false);
        holder = await FakeWorker.ConnectAsync(server, Guid.NewGuid(), claimedRun: run.Id); // nobody holds it: the claim keeps it
        return (run.Id, (await server.Results.GetAsync(run.Id))!.LastSequence + 1);
    }

    /// <summary>A 400×1000 float64 weight matrix (3.2 MB) and a bias, seeded.</summary>
    static ArtifactContent Weights(torch.Tensor weight, torch.Tensor bias) =>
        new("end", ArtifactKinds.Weights, [TensorContent.FromTensors("0.weight", [weight]), TensorContent.FromTensors("0.bias", [bias])]);

    static torch.Tensor Seeded(long[] shape, int seed) =>
        torch.tensor(MemoryMarshal.Cast<byte, double>(FabricatedRun.Float64("t", shape, seed).Data).ToArray(), shape);

    /// <summary>The file as the safetensors writer makes it whole, from copies of the bytes: what must arrive.</summary>
    static async Task<byte[]> ExpectedFileAsync(ArtifactContent content, Guid runId, long sequence)
    {
        using var file = new MemoryStream();
        await SafeTensorsWriter.WriteAsync(file, content.ToResult().Tensors, ArtifactMetadata.For(runId, sequence, content.Checkpoint, content.Kind));
        return file.ToArray();
    }

    string RunFolder(Guid runId) => Path.Combine(server.DataDirectory, "runs", runId.ToString());

    [Fact]
    public async Task Chunks_cut_off_midway_answers_lost_and_a_refused_connection_are_retried_and_the_file_arrives_exact()
    {
        var (runId, sequence) = await RunningAsync();
        using var weight = Seeded([400, 1000], 1);
        using var bias = Seeded([400], 2);
        using var content = Weights(weight, bias);
        var expected = await ExpectedFileAsync(content, runId, sequence);
        var puts = 0;
        var completes = 0;
        var network = new FaultyNetwork(request => (request.Method.Method, request.RequestUri!.AbsolutePath.EndsWith("/complete")) switch
        {
            ("PUT", _) => ++puts switch
            {
                2 => NetworkFault.CutBodyHalfway,
                4 => NetworkFault.LoseAnswer,
                6 => NetworkFault.Unreachable,
                _ => NetworkFault.None,
            },
            // The server places the file and the answer is lost: the retry finds nothing to complete and sends it all again.
            ("POST", true) => ++completes == 1 ? NetworkFault.LoseAnswer : NetworkFault.None,
            _ => NetworkFault.None,
        });
        using var transfer = Transfer(network);

        var reference = await transfer.UploadAsync(runId, sequence, content, CancellationToken.None);

        Assert.Equal((expected.LongLength, Convert.ToHexStringLower(SHA256.HashData(expected))), (reference.Length!.Value, reference.Sha256));
        Assert.Equal($"runs/{runId}/end-weights.safetensors", reference.File);
        Assert.Equal(expected, await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, reference.File!)));
        Assert.All(reference.Tensors, t => Assert.Null(t.Data));
        foreach (var fault in new[] { NetworkFault.CutBodyHalfway, NetworkFault.LoseAnswer, NetworkFault.Unreachable })
            Assert.Contains(network.Log, l => l.StartsWith("PUT") && l.EndsWith(fault.ToString()));
        // After a failure the worker asked how much the server had before going on.
        Assert.Contains(network.Log, l => l.StartsWith("GET") && l.Contains("/uploads/"));
        Assert.False(File.Exists(Path.Combine(RunFolder(runId), "uploads", $"{sequence}.partial")));

        // The event that refers to the file is stored with it.
        await holder!.ReportAsync(new RunEvent { RunId = runId, Sequence = sequence, Kind = RunEventKind.Artifact, Artifact = reference });
        var stored = Assert.Single(await server.Results.GetArtifactsAsync(runId));
        Assert.Equal((reference.File, reference.Sha256, reference.Length), (stored.File, stored.Sha256, stored.Length));
        Assert.Equal(content.ToResult().Tensors.Select(t => Convert.ToBase64String(t.Data!)),
            (await server.Artifacts.ReadTensorsAsync(stored)).Select(t => Convert.ToBase64String(t.Data!)));
    }

    [Fact]
    public async Task A_file_that_arrives_changed_is_refused_sent_once_more_and_then_fails_with_nothing_under_its_name()
    {
        var (runId, sequence) = await RunningAsync();
        using var weight = Seeded([400, 1000], 3);
        using var bias = Seeded([400], 4);
        using var content = Weights(weight, bias);
        var network = new FaultyNetwork(request =>
            request.Method == HttpMethod.Put && request.RequestUri!.Query.Contains("offset=0&") ? NetworkFault.FlipAByte : NetworkFault.None);
        using var transfer = Transfer(network);

        var error = await Assert.ThrowsAsync<ArtifactTransferException>(() => transfer.UploadAsync(runId, sequence, content, CancellationToken.None));

        Assert.StartsWith("Uploading the weights of checkpoint 'end' (3.2 MB) failed: ", error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.EndsWith("sent 2 times", error.Message);
        Assert.Equal(2, network.Log.Count(l => l.StartsWith("POST") && l.Contains("/complete")));
        // Nothing half-stored remains: no file under the real name, no upload left over.
        Assert.Empty(Directory.Exists(RunFolder(runId)) ? Directory.EnumerateFiles(RunFolder(runId), "*", SearchOption.AllDirectories) : []);
        using var http = server.WorkerHttp();
        Assert.Equal(0, (await http.GetFromJsonAsync<UploadProgress>(ArtifactRoutes.Upload(runId, sequence)))!.Received);
    }

    [Fact]
    public async Task A_transfer_that_cannot_finish_within_its_bound_is_given_up_saying_so()
    {
        var (runId, sequence) = await RunningAsync();
        using var bias = Seeded([400], 6);
        using var content = new ArtifactContent("end", ArtifactKinds.Weights, [TensorContent.FromTensors("0.bias", [bias])]);
        // No connection ever, and a pause after the first failure longer than the whole transfer may take.
        var slow = Quick with { FirstBackoff = TimeSpan.FromMinutes(1), MaxBackoff = TimeSpan.FromMinutes(1), BaseDuration = TimeSpan.FromSeconds(0.5), SlowestBytesPerSecond = long.MaxValue };
        using var transfer = ArtifactTransfer.Create(server.BaseAddress, server.Tokens.LocalToken, slow, new FaultyNetwork(_ => NetworkFault.Unreachable));

        var error = await Assert.ThrowsAsync<ArtifactTransferException>(() => transfer.UploadAsync(runId, sequence, content, CancellationToken.None));

        Assert.Matches(@"^Uploading the weights of checkpoint 'end' \(3\.\d kB\) failed: it did not finish within 0\.5 s$", error.Message);
    }

    [Fact]
    public async Task The_server_refuses_a_wrong_hash_over_http_and_discards_the_upload()
    {
        var (runId, sequence) = await RunningAsync();
        using var bias = Seeded([400], 5);
        using var content = new ArtifactContent("end", ArtifactKinds.Weights, [TensorContent.FromTensors("0.bias", [bias])]);
        var file = await ExpectedFileAsync(content, runId, sequence);
        using var http = server.WorkerHttp();

        var put = await http.PutAsync($"{ArtifactRoutes.Upload(runId, sequence)}?offset=0&length={file.Length}", new ByteArrayContent(file));
        Assert.Equal(file.Length, (await put.Content.ReadFromJsonAsync<UploadProgress>())!.Received);
        var wrong = new UploadCompletion(new string('0', 64), file.Length);
        var completed = await http.PostAsync(ArtifactRoutes.Complete(runId, sequence), JsonContent.Create(wrong, options: JsonFormat.Options));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, completed.StatusCode);
        Assert.Contains("discarded", await completed.Content.ReadAsStringAsync());
        Assert.False(File.Exists(Path.Combine(RunFolder(runId), "end-weights.safetensors")));
        Assert.Equal(0, (await http.GetFromJsonAsync<UploadProgress>(ArtifactRoutes.Upload(runId, sequence)))!.Received);
    }

    [Fact]
    public async Task A_download_cut_off_midway_goes_on_from_the_bytes_it_has_and_checks_the_hash()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var saved = (await server.Results.FindWeightsAsync(run.Id, Checkpoints.End))!;
        var reference = await server.Artifacts.ReferenceAsync(run.Id, saved);
        var gets = 0;
        var network = new FaultyNetwork(request => request.Method == HttpMethod.Get && ++gets == 1 ? NetworkFault.CutAnswerHalfway : NetworkFault.None);
        using var transfer = Transfer(network);

        var weights = await transfer.DownloadAsync(reference, CancellationToken.None);

        Assert.Equal(FabricatedRun.Weights(200).Select(t => (t.Name, Convert.ToBase64String(t.Data!))), weights.Select(t => (t.Name, Convert.ToBase64String(t.Data!))));
        Assert.Contains(network.Log, l => l.StartsWith("GET") && l.Contains($"range bytes={reference.Length / 2}-"));

        var tampered = reference with { Sha256 = new string('1', 64) };
        var error = await Assert.ThrowsAsync<ArtifactTransferException>(() => transfer.DownloadAsync(tampered, CancellationToken.None));
        Assert.StartsWith($"Downloading the weights of checkpoint 'end' ({ByteSize.Format(reference.Length)}) failed: what arrived has SHA-256 ", error.Message);
        Assert.EndsWith("fetched 2 times", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task Uploads_and_downloads_without_a_worker_token_get_401(string? token)
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        var saved = (await server.Results.FindWeightsAsync(run.Id, Checkpoints.End))!;
        var reference = await server.Artifacts.ReferenceAsync(run.Id, saved);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sequence = (await server.Results.GetAsync(run.Id))!.LastSequence + 1;

        var answers = new[]
        {
            await http.GetAsync(ArtifactRoutes.Upload(run.Id, sequence)),
            await http.PutAsync($"{ArtifactRoutes.Upload(run.Id, sequence)}?offset=0&length=8", new ByteArrayContent(new byte[8])),
            await http.PostAsync(ArtifactRoutes.Complete(run.Id, sequence), JsonContent.Create(new UploadCompletion(new string('0', 64), 8))),
            await http.GetAsync(ArtifactRoutes.Download(reference)),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.False(File.Exists(server.Artifacts.UploadPath(run.Id, sequence)));
        // The same requests with the token: the download is there, so the refusals were the token's.
        using var worker = server.WorkerHttp();
        Assert.Equal(reference.Length, (await worker.GetByteArrayAsync(ArtifactRoutes.Download(reference))).LongLength);
    }

    [Fact]
    public async Task An_artifact_event_whose_file_was_never_uploaded_is_stored_without_a_file()
    {
        var (runId, sequence) = await RunningAsync();
        var claimed = new ArtifactResult("end", ArtifactKinds.Weights, [new NamedTensor("0.bias", "float64", [4], null)],
            $"runs/{runId}/end-weights.safetensors", new string('a', 64), 100);

        var stored = await server.Store.AppendAsync([new RunEvent { RunId = runId, Sequence = sequence, Kind = RunEventKind.Artifact, Artifact = claimed }]);

        Assert.Null(Assert.Single(stored).Artifact!.File);
        Assert.Empty(await server.Results.GetArtifactsAsync(runId));
    }

    [Fact]
    public async Task A_bulk_message_on_the_hub_is_refused_and_stores_nothing()
    {
        var (runId, sequence) = await RunningAsync();
        var worker = holder!;
        // 5 MB of float64 inline, base64 in JSON: more than the hub takes (ComputeHubRoute.MaxMessageBytes).
        var bulk = new ArtifactResult(Checkpoints.Init, ArtifactKinds.Data, [FabricatedRun.Float64("x", [625, 1000], 9)]);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            worker.ReportAsync(new RunEvent { RunId = runId, Sequence = sequence, Kind = RunEventKind.Artifact, Artifact = bulk }));

        Assert.Equal(sequence - 1, (await server.Results.GetAsync(runId))!.LastSequence);
        Assert.False(Directory.Exists(RunFolder(runId)));
    }
}
