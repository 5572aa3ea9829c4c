using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Export;

/// <summary>A small CNN on a Fashion-MNIST subset, trained by the real worker process and exported.</summary>
public sealed class CnnExportTests : IDisposable
{
    readonly RunningServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_export_names_the_cnns_weights_as_its_torch_sequential_and_holds_the_flattened_images()
    {
        var spec = new ExperimentSpec
        {
            Name = "cnn export",
            Data = new DataSpec { Kind = DataKind.FashionMnist, PerClass = 5, ClassList = [3, 8] },
            Model = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [2, 3], KernelSize = 5, Pool = 2, HiddenWidths = [4], Dtype = ModelDtype.Float32 },
            Training = new TrainingSpec { Epochs = 5 },
            Analysis = new AnalysisSpec { LanczosK = 2, LanczosBottomK = 1, LanczosMaxSteps = 20, Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false } },
        };
        await server.WaitForWorkerAsync();

        var run = await server.WaitForEndAsync(await server.PostRunAsync(spec), TimeSpan.FromMinutes(5));

        Assert.True(run.Status == RunStatus.Completed, run.Error);
        using var export = await ExportedRun.DownloadAsync(server.Http, run.Id);
        // Conv2d(1,2,5) ReLU MaxPool2d(2) Conv2d(2,3,5) ReLU MaxPool2d(2) Flatten Linear(48,4) ReLU Linear(4,2): 28 → 24 → 12 → 8 → 4.
        var model = await export.HeaderAsync("model.safetensors");
        Assert.Equal(
            new[] { "0.weight F32 2,1,5,5", "0.bias F32 2", "3.weight F32 3,2,5,5", "3.bias F32 3", "7.weight F32 4,48", "7.bias F32 4", "9.weight F32 2,4", "9.bias F32 2" }.Order(),
            model.Tensors.Select(t => $"{t.Name} {t.Dtype} {string.Join(",", t.Shape)}").Order());
        Assert.Equal(SpecLimits.ParameterCount(spec), model.Tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b)));
        var data = await export.HeaderAsync("data.safetensors");
        Assert.Equal(new[] { "x F32 10,784", "y I64 10" }, data.Tensors.Select(t => $"{t.Name} {t.Dtype} {string.Join(",", t.Shape)}").Order());
    }
}
