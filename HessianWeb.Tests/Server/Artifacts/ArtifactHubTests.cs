using System.Security.Cryptography;
using HessianWeb.Client.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using TorchSharp;

namespace HessianWeb.Tests.Server.Artifacts;

/// <summary>A run's arrays from the real worker process to the real server, over HTTP beside the hub.</summary>
public sealed class ArtifactHubTests
{
    /// <summary>1,000 blobs in d = 1,000: x is 8 MB of float64, twice the hub's message limit; a linear model, little analysis.</summary>
    static readonly ExperimentSpec Wide = new()
    {
        Name = "wide data",
        Data = new DataSpec { InputDim = 1_000, TrainSize = 1_000, TestSize = 10 },
        Model = new ModelSpec { HiddenWidths = [] },
        Training = new TrainingSpec { Epochs = 1, GradNormTolerance = 0 },
        Analysis = new AnalysisSpec
        {
            LanczosK = 2, LanczosBottomK = 0, LanczosMaxSteps = 4, Exact = ExactSpectrumMode.Never,
            Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
        },
    };

    [Fact]
    public async Task A_data_set_larger_than_a_hub_message_arrives_intact_and_its_event_refers_to_the_file()
    {
        using var server = new RunningServer();
        await server.WaitForWorkerAsync();

        var id = await server.PostRunAsync(Wide);
        var run = await server.WaitForEndAsync(id, TimeSpan.FromMinutes(5));

        Assert.True(run.Status == RunStatus.Completed, run.Error);
        var artifacts = await server.Results.GetArtifactsAsync(id);
        var data = Assert.Single(artifacts, a => a.Kind == ArtifactKinds.Data);
        Assert.Equal($"runs/{id}/init-data.safetensors", data.File);
        Assert.True(data.Length > ComputeHubRoute.MaxMessageBytes, $"{data.Length} bytes");
        var path = Path.Combine(server.DataDirectory, data.File!);
        Assert.Equal((data.Length!.Value, data.Sha256), (new FileInfo(path).Length, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path)))));
        Assert.All(data.Tensors, t => Assert.Null(t.Data));

        // The same data built here from the spec: the file holds exactly its bytes.
        using var setup = ExperimentSetup.Build(Wide, torch.CPU);
        using var expected = HessianWeb.Client.Runs.Artifacts.Data(Checkpoints.Init, setup.Objective);
        var stored = await server.Artifacts.ReadTensorsAsync(data);
        Assert.Equal(expected.ToResult().Tensors.Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape), Convert.ToBase64String(t.Data!))),
            stored.Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape), Convert.ToBase64String(t.Data!))));
        Assert.Equal([Checkpoints.Init, Checkpoints.End], artifacts.Where(a => a.Kind == ArtifactKinds.Weights).Select(a => a.Checkpoint));
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "runs", id.ToString(), "uploads"))
            && Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "runs", id.ToString(), "uploads")).Any());
    }

    [Fact]
    public async Task A_server_whose_disk_refuses_the_file_fails_the_run_saying_so()
    {
        // More spare space than any disk has: the server answers every upload 507, as a full disk would.
        using var server = new RunningServer(settings: new Dictionary<string, string> { ["Artifacts:MinimumFreeBytes"] = long.MaxValue.ToString() });
        await server.WaitForWorkerAsync();

        var id = await server.PostRunAsync(new ExperimentSpec());
        var run = await server.WaitForEndAsync(id, TimeSpan.FromMinutes(3));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith("Uploading the data set of checkpoint 'init' (", run.Error);
        Assert.Contains("failed: the server's disk is full (", run.Error);
        Assert.EndsWith("(507)", run.Error);
        Assert.Empty(await server.Results.GetArtifactsAsync(id));
        var folder = Path.Combine(server.DataDirectory, "runs", id.ToString());
        Assert.Empty(Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : []);
        // The worker is free for the next run.
        Assert.Equal(WorkerState.Idle, (await server.WaitForWorkerAsync(w => w.State == WorkerState.Idle)).State);
    }
}
