using HessianWeb.Client.Runs;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Shared.Uploads;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>Runs of an uploaded layer list and weights on uploaded data, as the worker has them on its disk.</summary>
public sealed class UploadedModelRunTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("hw-uploaded-run-").FullName;
    readonly Dictionary<Guid, LocalUpload> files = [];

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A linear layer from 2 inputs to <paramref name="outputs"/>, its weights drawn as i ↦ sin(i), and 10 points labelled by <paramref name="label"/>.</summary>
    async Task<(ExperimentSpec Spec, NamedTensor[] Weights)> SetUpAsync(int outputs, Func<int, long> label, int epochs)
    {
        var layers = SequentialLayers.From(new ModelSpec { HiddenWidths = [] }, new DataSpec { InputDim = 2, Classes = outputs });
        var weights = SequentialLayers.Parameters(layers).Select(p => DataFiles.Float64(p.Name, p.Shape, i => Math.Sin(i + 1))).ToArray();
        var layerFile = Path.Combine(directory, "model.json");
        await File.WriteAllTextAsync(layerFile, JsonFormat.Serialize(layers));
        var spec = new ExperimentSpec
        {
            Data = new DataSpec { Kind = DataKind.Tensors, File = Add(await DataFiles.SafeTensorsAsync(directory, "data.safetensors",
                DataFiles.Float64("x", [10, 2], i => Math.Cos(i)), DataFiles.Int64("y", Enumerable.Range(0, 10).Select(label).ToArray())), UploadKind.Safetensors) },
            Model = new ModelSpec
            {
                Kind = ModelKind.Sequential, File = Add(layerFile, UploadKind.Layers),
                Weights = Add(await DataFiles.SafeTensorsAsync(directory, "model.safetensors", weights), UploadKind.Safetensors),
            },
            Training = new TrainingSpec { Epochs = epochs },
            Analysis = new AnalysisSpec { Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false } },
        };
        return (spec, weights);
    }

    Guid Add(string path, UploadKind kind)
    {
        var id = Guid.NewGuid();
        files[id] = new LocalUpload(path, kind);
        return id;
    }

    [Fact]
    public async Task A_model_whose_outputs_are_not_the_labels_classes_fails_before_anything_is_reported_saying_both()
    {
        var (spec, _) = await SetUpAsync(outputs: 7, label: i => i, epochs: 0);
        var reporter = new RecordingReporter();

        var error = Assert.Throws<UploadedFileException>(() =>
            RecordedRun.Executor.Execute(spec, new LocalUploads(files), reporter, CancellationToken.None));

        Assert.Equal("The model gives 7 outputs; the labels need 10 classes (y's largest label is 9).", error.Message);
        Assert.Empty(reporter.Reports);
    }

    [Fact]
    public async Task Fine_tuning_starts_from_the_uploaded_weights_and_trains_them()
    {
        var (spec, weights) = await SetUpAsync(outputs: 3, label: i => i % 3, epochs: 5);
        var reporter = new RecordingReporter();

        RecordedRun.Executor.Execute(spec, new LocalUploads(files), reporter, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        var init = reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Weights).Tensors;
        Assert.Equal(weights.Select(w => (w.Name, w.Data)), init.Select(t => (t.Name, t.Data)));
        Assert.NotEqual(init.Select(t => t.Data), reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors.Select(t => t.Data));
        Assert.Equal(5, reporter.Epochs.Last().Epoch);
    }
}
