using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training.Optimizers;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training.Engines;

/// <summary>
/// Losses and gradients by TorchSharp's autograd, steps by <see cref="ParameterOptimizer"/> on the model's own tensors:
/// any <see cref="Network"/>, on any device. The three numbers of a <see cref="Measure"/> come back in one read.
/// </summary>
internal sealed class TorchEngine(Network model, DataTensors train, TrainingSpec spec, LossFunction loss) : ITrainingEngine
{
    readonly Tensor[] parameters = model.Parameters.Cast<Tensor>().ToArray();
    readonly ParameterOptimizer optimizer = ParameterOptimizer.For(spec, model.Parameters.Cast<Tensor>().ToArray());
    DisposeScope? kept; // holds the gradient of the last Measure until the step
    Tensor[]? gradient;

    public TrainingMeasure Measure()
    {
        Release();
        kept = torch.NewDisposeScope();
        var outputs = model.forward(train.Inputs);
        var value = TrainingLoss.Mean(loss, outputs, train.Labels);
        gradient = torch.autograd.grad([value], parameters).ToArray();
        using var noGrad = torch.no_grad();
        var squares = torch.stack(gradient.Select(g => g.square().sum().to_type(ScalarType.Float64)).ToArray()).sum();
        var accuracy = outputs.argmax(1).eq(train.Labels).to_type(ScalarType.Float64).mean();
        var read = torch.stack([value.detach().to_type(ScalarType.Float64), accuracy, squares]).cpu().data<double>().ToArray();
        return new TrainingMeasure(read[0], read[1], Math.Sqrt(read[2]));
    }

    public void Step(double learningRate)
    {
        optimizer.Step(gradient ?? throw new InvalidOperationException("Measure first: a step needs the gradient."), learningRate);
        Release();
    }

    public double MiniBatchStep(ReadOnlySpan<long> rows, double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(rows.ToArray(), device: train.Inputs.device);
        var value = TrainingLoss.Mean(loss, model.forward(train.Inputs.index_select(0, index)), train.Labels.index_select(0, index));
        var gradients = torch.autograd.grad([value], parameters).ToArray();
        var batchLoss = TrainingLoop.Scalar(value.detach());
        optimizer.Step(gradients, learningRate);
        return batchLoss;
    }

    public (double Loss, double Accuracy) Evaluate(DataTensors data) => TrainingLoss.Evaluate(model, data, loss);

    public void Publish() { }

    void Release()
    {
        kept?.Dispose();
        kept = null;
        gradient = null;
    }

    public void Dispose()
    {
        Release();
        optimizer.Dispose();
    }
}
