using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Specs;
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
    ExperimentSetup(ExperimentSpec spec, Device device)
    {
        Spec = spec;
        Loss = TrainingLoss.Of(spec.Model.Loss);
        var dtype = spec.Model.Dtype == ModelDtype.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        var data = DataSets.Load(spec.Data);
        Train = DataTensors.From(data.Train, device, dtype);
        Test = data.Test.Count > 0 ? DataTensors.From(data.Test, device, dtype) : null;
        Model = Network.Create(spec.Model, spec.Data, data.InputDim, data.Classes, device, dtype);
        var sample = spec.Analysis.Sample;
        Objective = TrainingObjective.Of(Model, Train, Loss, new CurvatureSample(sample.Size, sample.BatchSize, sample.Seed));
    }

    /// <summary>Builds everything a valid spec (<see cref="SpecValidator"/>) describes, on <paramref name="device"/>.</summary>
    public static ExperimentSetup Build(ExperimentSpec spec, Device device) => new(spec, device);

    public ExperimentSpec Spec { get; }
    public LossFunction Loss { get; }
    public DataTensors Train { get; }
    public DataTensors? Test { get; }
    public Network Model { get; }
    public TrainingObjective Objective { get; }

    public void Dispose()
    {
        Objective.Dispose();
        Model.Dispose();
        Test?.Dispose();
        Train.Dispose();
    }
}
