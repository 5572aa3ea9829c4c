using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training.Optimizers;

/// <summary>
/// One update rule applied in place to a model's parameters, given their gradients and the step's learning rate.
/// Written by hand with PyTorch's formulas (torch.optim.SGD, torch.optim.Adam, L2 weight decay added to the gradient)
/// so that every operation, and so every bit, is fixed by the code here.
/// </summary>
/// <remarks>
/// The state (momentum buffers, Adam's moments) is allocated when the optimizer is made, outside any dispose scope
/// the caller opens per step, and updated in place; dispose the optimizer to free it.
/// </remarks>
public abstract class ParameterOptimizer : IDisposable
{
    protected ParameterOptimizer(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    protected IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The optimizer a training spec asks for over these parameters.</summary>
    public static ParameterOptimizer For(TrainingSpec spec, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Optimizer switch
        {
            OptimizerKind.Sgd => new SgdOptimizer(parameters, spec.Momentum, spec.WeightDecay),
            OptimizerKind.Adam => new AdamOptimizer(parameters, spec.AdamBeta1, spec.AdamBeta2, spec.AdamEpsilon, spec.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown optimizer {spec.Optimizer}."),
        };
    }

    /// <summary>Takes one step; <paramref name="gradients"/> are in <see cref="Parameters"/> order and are not changed.</summary>
    public void Step(IReadOnlyList<Tensor> gradients, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != Parameters.Count)
            throw new ArgumentException($"Expected {Parameters.Count} gradients, got {gradients.Count}.", nameof(gradients));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Update(gradients, learningRate);
    }

    /// <summary>The update, under no_grad and a dispose scope.</summary>
    protected abstract void Update(IReadOnlyList<Tensor> gradients, double learningRate);

    protected virtual void Dispose(bool disposing) { }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// torch.optim.SGD without dampening or Nesterov: g ← ∇ + λ·θ; with momentum μ > 0, b ← μ·b + g (b₀ = 0, so the first
/// b is g); θ ← θ − η·b. With μ = 0 and λ = 0 it is θ ← θ − η·∇, one <c>add_</c> per parameter, as plain SGD always was.
/// </summary>
public sealed class SgdOptimizer : ParameterOptimizer
{
    readonly double momentum;
    readonly double weightDecay;
    readonly Tensor[]? buffers;

    public SgdOptimizer(IReadOnlyList<Tensor> parameters, double momentum = 0, double weightDecay = 0) : base(parameters)
    {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        if (momentum != 0)
            buffers = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    protected override void Update(IReadOnlyList<Tensor> gradients, double learningRate)
    {
        for (var i = 0; i < gradients.Count; i++)
        {
            var p = Parameters[i];
            var g = weightDecay != 0 ? gradients[i].add(p, alpha: weightDecay) : gradients[i];
            if (buffers is not null) g = buffers[i].mul_(momentum).add_(g);
            p.add_(g, alpha: -learningRate);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffers is not null) foreach (var b in buffers) b.Dispose();
    }
}

/// <summary>
/// torch.optim.Adam (not AMSGrad): g ← ∇ + λ·θ; m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; at step t,
/// θ ← θ − (η / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε), PyTorch's arrangement of the bias corrections.
/// </summary>
public sealed class AdamOptimizer : ParameterOptimizer
{
    readonly double beta1;
    readonly double beta2;
    readonly double epsilon;
    readonly double weightDecay;
    readonly Tensor[] first;
    readonly Tensor[] second;
    int steps;

    public AdamOptimizer(IReadOnlyList<Tensor> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters)
    {
        (this.beta1, this.beta2, this.epsilon, this.weightDecay) = (beta1, beta2, epsilon, weightDecay);
        first = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
        second = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    protected override void Update(IReadOnlyList<Tensor> gradients, double learningRate)
    {
        steps++;
        var correction1 = 1 - Math.Pow(beta1, steps);
        var correction2 = Math.Sqrt(1 - Math.Pow(beta2, steps));
        for (var i = 0; i < gradients.Count; i++)
        {
            var p = Parameters[i];
            var g = weightDecay != 0 ? gradients[i].add(p, alpha: weightDecay) : gradients[i];
            first[i].mul_(beta1).add_(g, alpha: 1 - beta1);
            second[i].mul_(beta2).addcmul_(g, g, value: 1 - beta2);
            var denominator = second[i].sqrt().div_(correction2).add_(epsilon);
            p.addcdiv_(first[i], denominator, value: -learningRate / correction1);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var t in first.Concat(second)) t.Dispose();
    }
}
