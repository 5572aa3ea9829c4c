using System.Text.Json;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Client.Models;
using HessianWeb.Tests.Hosting;
using TorchSharp;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary>
/// The ResNet-style TorchScript fixture (make_resnet.py: skip connections, batch norm in eval) through the whole app:
/// uploaded over the API, analysed untrained by the real worker, its exact spectrum against the independent dense Hessian
/// PyTorch computed, and a line to a second uploaded set of weights whose far end is that model's own loss.
/// </summary>
public sealed class UploadedTorchScriptRunTests : IDisposable
{
    readonly RunningServer server = new();

    public void Dispose() => server.Dispose();

    sealed record Reference(double Loss, double[] Eigenvalues);

    static readonly AnalysisSpec Analysis = new()
    {
        LanczosK = 3, LanczosBottomK = 1, Exact = ExactSpectrumMode.Always,
        Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
    };

    [Fact]
    public async Task Its_exact_spectrum_matches_the_independent_hessian_and_a_line_reaches_the_other_uploaded_weights()
    {
        var reference = JsonSerializer.Deserialize<Reference>(File.ReadAllText(UploadFixtures.Path("resnet_hessian.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        await server.WaitForWorkerAsync();
        var model = await UploadFiles.UploadAsync(server.Http, File.ReadAllBytes(UploadFixtures.Path("resnet.pt")), "resnet.pt");
        var data = await UploadFiles.UploadAsync(server.Http, File.ReadAllBytes(UploadFixtures.Path("resnet_data.safetensors")), "resnet_data.safetensors");
        var other = await UploadFiles.UploadAsync(server.Http, await UploadFiles.SafeTensorsAsync(ScaledWeights(0.8)), "scaled.safetensors");
        Assert.Equal(337, model.Contents.ParameterCount);

        var spec = new ExperimentSpec
        {
            Name = "resnet uploaded",
            Data = new DataSpec { Kind = DataKind.Tensors, File = data.Id },
            Model = new ModelSpec { Kind = ModelKind.Torchscript, File = model.Id },
            Training = new TrainingSpec { Epochs = 0 },
            Analysis = Analysis with { Interpolations = [new() { From = Checkpoints.Init, To = Checkpoints.Upload(other.Id), Points = 3, AlphaMin = 0, AlphaMax = 1 }] },
        };
        var run = await server.WaitForEndAsync(await server.PostRunAsync(spec), TimeSpan.FromMinutes(5));
        Assert.True(run.Status == RunStatus.Completed, run.Error);
        // The second model as a run of its own: the same file with the other weights.
        var alone = await server.WaitForEndAsync(await server.PostRunAsync(spec with
        {
            Name = "resnet, other weights",
            Model = spec.Model with { Weights = other.Id },
            Analysis = Analysis,
        }), TimeSpan.FromMinutes(5));
        Assert.True(alone.Status == RunStatus.Completed, alone.Error);

        var events = await server.Http.GetEventsAsync(run.Id);
        var exact = events.Select(e => e.Spectrum).OfType<SpectrumResult>()
            .Single(s => s.Checkpoint == Checkpoints.Init && s.Method == SpectrumMethods.Exact && s.Operator == CurvatureOperators.Hessian).Eigenvalues;
        var expected = reference.Eigenvalues.OrderDescending().ToArray();
        var scale = expected.Max(Math.Abs);
        var worst = exact.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(exact.Length == expected.Length && worst <= 1e-8 * scale, $"max |λ_app − λ_ref| = {worst:g3} over {exact.Length} eigenvalues, scale {scale:g3}");

        var line = events.Select(e => e.Interpolation).OfType<InterpolationPoint>().OrderBy(p => p.Alpha).ToList();
        Assert.Equal([0.0, 0.5, 1.0], line.Select(p => p.Alpha));
        Assert.Equal(reference.Loss, line[0].TrainLoss, 1e-12);
        var otherLoss = (await server.Http.GetEventsAsync(alone.Id)).Select(e => e.Epoch).OfType<EpochMetrics>().Single(m => m.Epoch == 0).TrainLoss;
        Assert.Equal(otherLoss, line[^1].TrainLoss, 1e-12);
        Assert.True(Math.Abs(otherLoss - reference.Loss) > 1e-3, $"the other weights' loss {otherLoss} is the first's {reference.Loss}: the line would prove nothing");
    }

    /// <summary>The fixture's parameters times <paramref name="factor"/>, under their names: another model of the same architecture.</summary>
    static HessianWeb.Shared.Runs.NamedTensor[] ScaledWeights(double factor)
    {
        using var scope = torch.NewDisposeScope();
        using var network = Network.Create(new ModelSpec { Kind = ModelKind.Torchscript }, new DataSpec { Kind = DataKind.Tensors }, 72, 3, torch.CPU,
            torch.ScalarType.Float64, new ModelFiles(UploadFixtures.Path("resnet.pt"), null, UploadFixtures.PointShape));
        return network.ParameterNames.Zip(network.Parameters, (name, p) =>
        {
            var values = (p.detach() * factor).contiguous().data<double>().ToArray();
            var bytes = new byte[8 * values.Length];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            return new HessianWeb.Shared.Runs.NamedTensor(name, "float64", p.shape, bytes);
        }).ToArray();
    }
}
