using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Hosting;
using HessianWeb.Tests.Server.Export;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary>
/// Export → import: a run trained by the real worker, its export's model.json, model.safetensors and data.safetensors
/// uploaded and analysed untrained (0 epochs) as a sequential model on tensors data, gives at "init" the spectra the
/// original stored at "end".
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    readonly RunningServer server = new();

    public void Dispose() => server.Dispose();

    static readonly AnalysisSpec Spectra = new()
    {
        LanczosK = 3, LanczosBottomK = 1, Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
    };

    [Fact]
    public Task An_mlp_on_blobs_comes_back_with_its_stored_spectra() =>
        RoundTripAsync(new ExperimentSpec { Name = "round trip mlp", Training = new TrainingSpec { Epochs = 30 }, Analysis = Spectra });

    [Fact]
    public Task A_cnn_on_fashion_mnist_comes_back_with_its_stored_spectra() => RoundTripAsync(new ExperimentSpec
    {
        Name = "round trip cnn",
        Data = new DataSpec { Kind = DataKind.FashionMnist, PerClass = 4, ClassList = [0, 3, 8] },
        Model = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [2], KernelSize = 5, Pool = 2, HiddenWidths = [] },
        Training = new TrainingSpec { Epochs = 5 },
        Analysis = Spectra,
    });

    async Task RoundTripAsync(ExperimentSpec spec)
    {
        await server.WaitForWorkerAsync();
        var original = await server.WaitForEndAsync(await server.PostRunAsync(spec), TimeSpan.FromMinutes(5));
        Assert.True(original.Status == RunStatus.Completed, original.Error);

        Guid layers, weights, data;
        using (var export = await ExportedRun.DownloadAsync(server.Http, original.Id))
        {
            layers = await UploadAsync(export, "model.json");
            weights = await UploadAsync(export, "model.safetensors");
            data = await UploadAsync(export, "data.safetensors");
        }
        var imported = spec with
        {
            Name = spec.Name + " imported",
            Data = new DataSpec { Kind = DataKind.Tensors, File = data },
            Model = new ModelSpec { Kind = ModelKind.Sequential, File = layers, Weights = weights, Dtype = spec.Model.Dtype, Loss = spec.Model.Loss },
            Training = spec.Training with { Epochs = 0 },
        };
        var run = await server.WaitForEndAsync(await server.PostRunAsync(imported), TimeSpan.FromMinutes(5));
        Assert.True(run.Status == RunStatus.Completed, run.Error);

        var before = await SpectraAsync(original.Id, Checkpoints.End);
        var after = await SpectraAsync(run.Id, Checkpoints.Init);
        var exact = before[SpectrumMethods.Exact];
        var scale = exact.Max(Math.Abs);
        foreach (var method in new[] { SpectrumMethods.Exact, SpectrumMethods.Lanczos })
        {
            Assert.Equal(before[method].Length, after[method].Length);
            for (var i = 0; i < before[method].Length; i++)
                Assert.True(Math.Abs(before[method][i] - after[method][i]) <= 1e-10 * scale,
                    $"{method} #{i}: {after[method][i]:R} imported, {before[method][i]:R} stored");
        }
    }

    /// <summary>The Hessian's stored eigenvalues at the checkpoint, exact and Lanczos's top, by method.</summary>
    async Task<Dictionary<string, double[]>> SpectraAsync(Guid runId, string checkpoint) =>
        (await server.Http.GetEventsAsync(runId))
            .Select(e => e.Spectrum)
            .OfType<SpectrumResult>()
            .Where(s => s.Checkpoint == checkpoint && s.Operator == CurvatureOperators.Hessian)
            .ToDictionary(s => s.Method, s => s.Eigenvalues);

    /// <summary>The export's entry sent as a script sends a file: one part of a multipart form.</summary>
    async Task<Guid> UploadAsync(ExportedRun export, string entry)
    {
        using var bytes = new MemoryStream();
        await using (var stream = export.Zip.GetEntry(entry)!.Open()) await stream.CopyToAsync(bytes);
        var file = new ByteArrayContent(bytes.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "file", entry } };
        var response = await server.Http.PostAsync(UploadRoutes.Api, form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{entry}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<UploadSummary>(JsonFormat.Options))!.Id;
    }
}
