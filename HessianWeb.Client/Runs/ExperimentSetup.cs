using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// The data, model and curvature objective a spec describes, built alike for a run and for a new analysis of one of its
/// checkpoints: the same seeds give the same data, the same initial weights and the same curvature sample.
/// </summary>
/// <remarks>The model is in the spec's dtype and so are the data's inputs; the objective holds the model's own parameter
/// tensors, which training updates in place, so one objective serves every checkpoint of a run.</remarks>
internal sealed class ExperimentSetup : IDisposable
{
    ExperimentSetup(ExperimentSpec spec, LocalUploads uploads, Device device)
    {
        Spec = spec;
        Loss = TrainingLoss.Of(spec.Model.Loss);
        var dtype = spec.Model.Dtype == ModelDtype.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        var data = DataSets.Load(spec.Data, uploads);
        Train = DataTensors.From(data.Train, device, dtype);
        Test = data.Test.Count > 0 ? DataTensors.From(data.Test, device, dtype) : null;
        Model = Network.Create(spec.Model, spec.Data, data.InputDim, data.Classes, device, dtype, uploads.ModelFiles(spec.Model, data.PointShape));
        var sample = spec.Analysis.Sample;
        Objective = TrainingObjective.Of(Model, Train, Loss, new CurvatureSample(sample.Size, sample.BatchSize, sample.Seed));
        try
        {
            if (SpecLimits.IsUploaded(spec.Model.Kind)) RequireOutputs(data);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Builds everything a valid spec (<see cref="SpecValidator"/>) describes, on <paramref name="device"/>.</summary>
    /// <param name="uploads">The local copies of the uploads the spec names; none for built-in data and models.</param>
    /// <exception cref="UploadedFileException">An uploaded file is malformed, or the model's outputs are not the labels' classes.</exception>
    public static ExperimentSetup Build(ExperimentSpec spec, Device device, LocalUploads? uploads = null) =>
        new(spec, uploads ?? LocalUploads.None, device);

    public ExperimentSpec Spec { get; }
    public LossFunction Loss { get; }
    public DataTensors Train { get; }
    public DataTensors? Test { get; }
    public Network Model { get; }
    public TrainingObjective Objective { get; }

    /// <summary>
    /// An uploaded model's outputs, measured on one training point, are one logit per class: the loss reads label k as
    /// output k, and a narrower model would fail deep in libtorch with no word about the files.
    /// </summary>
    void RequireOutputs(ClassificationData data)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var outputs = Model.forward(Train.Inputs[..1]).shape[^1];
        if (outputs != data.Classes)
            throw new UploadedFileException($"The model gives {outputs} outputs; the labels need {data.Classes} classes (y's largest label is {data.Classes - 1}).");
    }

    public void Dispose()
    {
        Objective.Dispose();
        Model.Dispose();
        Test?.Dispose();
        Train.Dispose();
    }
}
