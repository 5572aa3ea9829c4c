using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training;

/// <summary>
/// Plain SGD on the mean cross-entropy: full-batch gradient descent when the spec has no batch size
/// (Sagun et al.'s set-up), otherwise mini-batches in a seeded random order each epoch.
/// </summary>
/// <remarks>
/// Epoch e's metrics are taken at the parameters after e epochs (epoch 0 = initialisation): training and test
/// loss and accuracy and the norm of the full-batch gradient, the quantity the stopping rule ‖∇L‖ ≤ tol reads.
/// In full-batch mode that gradient is also the next step's, so each epoch costs one forward and backward pass.
/// </remarks>
public sealed class SgdTraining(Mlp model, DataTensors train, DataTensors? test, TrainingSpec spec)
{
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between epochs.</exception>
    public TrainingOutcome Run(Action<EpochMetrics> onEpoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEpoch);
        var batchOrder = SeededRandom.For(RandomStream.BatchOrder, spec.Seed);
        var fullBatch = spec.BatchSize is null || spec.BatchSize >= train.Count;
        for (var epoch = 0; ; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            if (epoch > 0 && !fullBatch) MiniBatchEpoch(epoch, batchOrder);

            var (loss, accuracy, gradients) = LossAndGradient(train.Inputs, train.Labels);
            if (!double.IsFinite(loss)) throw new TrainingDivergedException(epoch);
            var gradNorm = Norm(gradients);
            var (testLoss, testAccuracy) = test is { Count: > 0 } ? CrossEntropy.Evaluate(model, test) : ((double?)null, (double?)null);
            onEpoch(new EpochMetrics(epoch, loss, accuracy, testLoss, testAccuracy, gradNorm));

            if (spec.GradNormTolerance > 0 && gradNorm <= spec.GradNormTolerance) return TrainingOutcome.GradientBelowTolerance;
            if (epoch >= spec.Epochs) return TrainingOutcome.EpochLimitReached;
            if (fullBatch) Step(gradients);
        }
    }

    void MiniBatchEpoch(int epoch, SeededRandom batchOrder)
    {
        var n = (int)train.Count;
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        batchOrder.Shuffle(order.AsSpan());
        var batchSize = spec.BatchSize!.Value;
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var index = torch.tensor(order[start..Math.Min(n, start + batchSize)], device: train.Inputs.device);
            var (loss, _, gradients) = LossAndGradient(train.Inputs.index_select(0, index), train.Labels.index_select(0, index));
            if (!double.IsFinite(loss)) throw new TrainingDivergedException(epoch);
            Step(gradients);
        }
    }

    (double Loss, double Accuracy, Tensor[] Gradients) LossAndGradient(Tensor inputs, Tensor labels)
    {
        var logits = model.forward(inputs);
        var loss = nn.functional.cross_entropy(logits, labels);
        var gradients = torch.autograd.grad([loss], model.Parameters.Cast<Tensor>().ToList()).ToArray();
        using var noGrad = torch.no_grad();
        return (loss.item<double>(), CrossEntropy.Accuracy(logits, labels), gradients);
    }

    void Step(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < gradients.Length; i++) model.Parameters[i].add_(gradients[i], alpha: -spec.LearningRate);
    }

    static double Norm(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        return Math.Sqrt(gradients.Sum(g => g.square().sum().item<double>()));
    }
}
