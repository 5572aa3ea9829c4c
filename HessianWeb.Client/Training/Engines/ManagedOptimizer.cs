using System.Numerics;
using HessianWeb.Client.Training.Optimizers;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Training.Engines;

/// <summary>
/// <see cref="SgdOptimizer"/> and <see cref="AdamOptimizer"/>'s update rules on a flat managed parameter array, element by
/// element in the same order of operations (PyTorch's torch.optim.SGD and torch.optim.Adam), in the parameters' type.
/// </summary>
internal sealed class ManagedOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly TrainingSpec spec;
    readonly T[]? first;  // SGD's momentum buffer, or Adam's first moment
    readonly T[]? second; // Adam's second moment
    int steps;

    public ManagedOptimizer(TrainingSpec spec, int count)
    {
        this.spec = spec;
        if (spec.Optimizer == OptimizerKind.Adam || spec.Momentum != 0) first = new T[count];
        if (spec.Optimizer == OptimizerKind.Adam) second = new T[count];
    }

    /// <summary>One step of <paramref name="parameters"/> along <paramref name="gradient"/>, which is not changed.</summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        var decay = T.CreateChecked(spec.WeightDecay);
        var decays = spec.WeightDecay != 0;
        if (spec.Optimizer == OptimizerKind.Sgd)
        {
            var momentum = T.CreateChecked(spec.Momentum);
            var rate = T.CreateChecked(-learningRate);
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = decays ? gradient[i] + decay * parameters[i] : gradient[i];
                if (first is not null) g = first[i] = first[i] * momentum + g;
                parameters[i] += rate * g;
            }
            return;
        }

        steps++;
        T beta1 = T.CreateChecked(spec.AdamBeta1), beta2 = T.CreateChecked(spec.AdamBeta2);
        T keep1 = T.CreateChecked(1 - spec.AdamBeta1), keep2 = T.CreateChecked(1 - spec.AdamBeta2);
        var correction2 = T.CreateChecked(Math.Sqrt(1 - Math.Pow(spec.AdamBeta2, steps)));
        var epsilon = T.CreateChecked(spec.AdamEpsilon);
        var size = T.CreateChecked(-learningRate / (1 - Math.Pow(spec.AdamBeta1, steps)));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = decays ? gradient[i] + decay * parameters[i] : gradient[i];
            var m = first![i] = first[i] * beta1 + keep1 * g;
            var v = second![i] = second[i] * beta2 + keep2 * (g * g);
            parameters[i] += size * (m / (T.Sqrt(v) / correction2 + epsilon));
        }
    }
}
