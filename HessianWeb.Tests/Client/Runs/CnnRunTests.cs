using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>A small CNN trained on a Fashion-MNIST subset (Debian's dataset-fashion-mnist) through the worker's run executor.</summary>
public sealed class CnnRun() : RecordedRun(CnnRunTests.Spec);

public sealed class CnnRunTests(CnnRun run) : IClassFixture<CnnRun>
{
    // 28 → 24 → 12 → 8 → 4: 4·4·4 = 64 features. Conv 1→2: 2·25 + 2 = 52; conv 2→4: 4·50 + 4 = 204; Linear 64→3: 195.
    const int Parameters = 451;

    RecordingReporter Reporter => run.Reporter;

    internal static readonly ExperimentSpec Spec = new()
    {
        Name = "cnn on fashion-mnist",
        Data = new DataSpec { Kind = DataKind.FashionMnist, PerClass = 10, ClassList = [0, 1, 7] },
        Model = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [2, 4], KernelSize = 5, Pool = 2, HiddenWidths = [] },
        Training = new TrainingSpec { Epochs = 30, LearningRate = 0.05 },
        Analysis = new AnalysisSpec
        {
            LanczosK = 3, LanczosBottomK = 1, LanczosMaxSteps = 80,
            Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
        },
    };

    [Fact]
    public void It_trains_and_its_hessian_gets_an_exact_spectrum_and_lanczos_agrees_with_it()
    {
        Assert.Equal(Parameters, SpecLimits.ParameterCount(Spec));
        Assert.Equal(RunStatus.Completed, Reporter.Statuses.Last().Status);
        Assert.Equal(30, Reporter.Epochs.Last().Epoch);
        Assert.True(Reporter.Epochs.Last().TrainLoss < Reporter.Epochs.First().TrainLoss);
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            var exact = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact).Eigenvalues;
            Assert.Equal(Parameters, exact.Length);
            var lanczos = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Lanczos);
            Assert.True(exact[0] > 0);
            for (var i = 0; i < 3; i++)
                Assert.True(Math.Abs(lanczos.Eigenvalues[i] - exact[i]) <= 1e-6 * exact[0], $"{checkpoint} #{i}: {lanczos.Eigenvalues[i]:R} vs exact {exact[i]:R}");
        }
    }

    [Fact]
    public void Its_weights_carry_the_torch_sequential_names_and_its_data_are_the_subsets_images()
    {
        var weights = Reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors;
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"], weights.Select(t => t.Name));
        Assert.Equal([[2L, 1, 5, 5], [2], [4, 2, 5, 5], [4], [3, 64], [3]], weights.Select(t => t.Shape));
        Assert.All(weights, t => Assert.Equal("float64", t.Dtype));

        var data = Reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Data).Tensors;
        Assert.Equal([30L, 784], data[0].Shape);
        Assert.Equal([30L], data[1].Shape);
    }
}
