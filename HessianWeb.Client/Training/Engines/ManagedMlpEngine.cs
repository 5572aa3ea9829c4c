using System.Numerics;
using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training.Engines;

/// <summary>
/// Trains an <see cref="Mlp"/> on the CPU with the fused managed <see cref="MlpKernel{T}"/> and
/// <see cref="ManagedOptimizer{T}"/>: the weights, data and gradient live in managed arrays of the model's type while
/// training runs, and go back into the model's parameter tensors at <see cref="Publish"/> (every checkpoint and the end),
/// so the curvature engine analyses exactly the trained weights.
/// </summary>
internal sealed class ManagedMlpEngine<T> : ITrainingEngine where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Mlp model;
    readonly LossFunction loss;
    readonly MlpKernel<T> kernel;
    readonly ManagedOptimizer<T> optimizer;
    readonly T[] weights;
    readonly T[] gradient;
    readonly T[] inputs;
    readonly long[] labels;
    readonly Dictionary<DataTensors, (MlpKernel<T> Kernel, T[] Inputs, long[] Labels)> evaluated = [];
    bool measured;

    public ManagedMlpEngine(Mlp model, DataTensors train, TrainingSpec spec, LossFunction loss)
    {
        this.model = model;
        this.loss = loss;
        kernel = new MlpKernel<T>(Widths(model), model.HasBias, model.Activation, loss, (int)train.Count);
        weights = model.Parameters.SelectMany(p => p.data<T>().ToArray()).ToArray();
        gradient = new T[weights.Length];
        (inputs, labels) = Read(train);
        optimizer = new ManagedOptimizer<T>(spec, weights.Length);
    }

    static int[] Widths(Mlp model) => [.. model.FanIns, model.FanOuts[^1]];

    static (T[] Inputs, long[] Labels) Read(DataTensors data) => (data.Inputs.data<T>().ToArray(), data.Labels.data<long>().ToArray());

    public TrainingMeasure Measure()
    {
        var (value, accuracy) = kernel.Run(weights, inputs, labels, default, gradient);
        measured = true;
        var squares = 0.0;
        foreach (var g in gradient)
        {
            var x = double.CreateChecked(g);
            squares += x * x;
        }
        return new TrainingMeasure(value, accuracy, Math.Sqrt(squares));
    }

    public void Step(double learningRate)
    {
        if (!measured) throw new InvalidOperationException("Measure first: a step needs the gradient.");
        optimizer.Step(weights, gradient, learningRate);
        measured = false;
    }

    public double MiniBatchStep(ReadOnlySpan<long> rows, double learningRate)
    {
        var (value, _) = kernel.Run(weights, inputs, labels, rows, gradient);
        optimizer.Step(weights, gradient, learningRate);
        measured = false;
        return value;
    }

    public (double Loss, double Accuracy) Evaluate(DataTensors data)
    {
        if (!evaluated.TryGetValue(data, out var set))
        {
            var (x, y) = Read(data);
            evaluated[data] = set = (new MlpKernel<T>(Widths(model), model.HasBias, model.Activation, loss, y.Length), x, y);
        }
        return set.Kernel.Run(weights, set.Inputs, set.Labels, default, default);
    }

    public void Publish()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var offset = 0;
        foreach (var p in model.Parameters)
        {
            var size = (int)p.numel();
            p.copy_(Tensor(weights.AsSpan(offset, size).ToArray(), p.shape, p.device));
            offset += size;
        }
    }

    static Tensor Tensor(T[] values, long[] shape, Device device) => values switch
    {
        double[] d => torch.tensor(d, shape, device: device),
        float[] f => torch.tensor(f, shape, device: device),
        _ => throw new NotSupportedException($"Managed training is float64 or float32, not {typeof(T).Name}."),
    };

    public void Dispose() { }
}
