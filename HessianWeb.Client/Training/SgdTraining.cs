using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Client.Training.Optimizers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training;

/// <summary>
/// SGD on the mean loss (cross-entropy unless asked otherwise): full-batch gradient descent when the spec has no
/// batch size (Sagun et al.'s set-up), otherwise mini-batches in a seeded random order each epoch. The spec's
/// optimizer (<see cref="ParameterOptimizer"/>: plain SGD by default, or with momentum and weight decay, or Adam) takes
/// the steps, at the learning rate its schedule gives for the epoch (<see cref="LearningRates.At"/>).
/// </summary>
/// <remarks>
/// Epoch e's metrics are taken at the parameters after e epochs (epoch 0 = initialisation): training and test
/// loss and accuracy and the norm of the full-batch gradient, the quantity the stopping rule ‖∇L‖ ≤ tol reads; the
/// other stopping rule, training loss ≤ the spec's loss tolerance, reads the same epoch's training loss.
/// In full-batch mode that gradient is also the next step's, so each epoch costs one forward and backward pass.
/// The data must be in the model's floating type (<see cref="DataTensors.From"/>).
/// </remarks>
public sealed class SgdTraining(Network model, DataTensors train, DataTensors? test, TrainingSpec spec, LossFunction loss = LossFunction.CrossEntropy)
{
    /// <param name="onEpoch">Every epoch's metrics, epoch 0 first.</param>
    /// <param name="checkpoints">Called with the epoch e at every multiple of <see cref="TrainingCheckpoints.Every"/>, after e's
    /// metrics, at the parameters after e epochs, when training goes on past e: neither epoch 0 (the initialisation) nor
    /// the last epoch (where training stops, for either reason) is a checkpoint here, so the caller's "init" and "end"
    /// analyses are never duplicated. The parameters must be as they were when it returns.</param>
    /// <param name="firstEpoch">The number epoch 0 is reported with, and checkpoints counted from: a phase of a phased run
    /// goes on from the previous phase's last epoch. The spec's epoch limit, stopping rules and schedule count this run's own
    /// epochs.</param>
    /// <param name="phase">Labels every epoch's metrics (<see cref="EpochMetrics.Phase"/>).</param>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between epochs.</exception>
    public TrainingOutcome Run(Action<EpochMetrics> onEpoch, CancellationToken cancellationToken, TrainingCheckpoints? checkpoints = null,
        int firstEpoch = 0, string? phase = null)
    {
        ArgumentNullException.ThrowIfNull(onEpoch);
        var batchOrder = SeededRandom.For(RandomStream.BatchOrder, spec.Seed);
        var fullBatch = spec.BatchSize is null || spec.BatchSize >= train.Count;
        using var optimizer = ParameterOptimizer.For(spec, model.Parameters.Cast<Tensor>().ToArray());
        for (var epoch = 0; ; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            if (epoch > 0 && !fullBatch) MiniBatchEpoch(firstEpoch + epoch, batchOrder, optimizer, LearningRates.At(spec, epoch - 1));

            var (trainLoss, accuracy, gradients) = LossAndGradient(train.Inputs, train.Labels);
            if (!double.IsFinite(trainLoss)) throw new TrainingDivergedException(firstEpoch + epoch);
            var gradNorm = Norm(gradients);
            var (testLoss, testAccuracy) = test is { Count: > 0 } ? TrainingLoss.Evaluate(model, test, loss) : ((double?)null, (double?)null);
            onEpoch(new EpochMetrics(firstEpoch + epoch, trainLoss, accuracy, testLoss, testAccuracy, gradNorm, phase));

            if (spec.GradNormTolerance > 0 && gradNorm <= spec.GradNormTolerance) return TrainingOutcome.GradientBelowTolerance;
            if (spec.LossTolerance > 0 && trainLoss <= spec.LossTolerance) return TrainingOutcome.LossBelowTolerance;
            if (epoch >= spec.Epochs) return TrainingOutcome.EpochLimitReached;
            if (checkpoints is { } c && epoch > 0 && (firstEpoch + epoch) % c.Every == 0) c.Reached(firstEpoch + epoch);
            if (fullBatch) optimizer.Step(gradients, LearningRates.At(spec, epoch));
        }
    }

    void MiniBatchEpoch(int epoch, SeededRandom batchOrder, ParameterOptimizer optimizer, double learningRate)
    {
        var n = (int)train.Count;
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        batchOrder.Shuffle(order.AsSpan());
        var batchSize = spec.BatchSize!.Value;
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var index = torch.tensor(order[start..Math.Min(n, start + batchSize)], device: train.Inputs.device);
            var (batchLoss, _, gradients) = LossAndGradient(train.Inputs.index_select(0, index), train.Labels.index_select(0, index));
            if (!double.IsFinite(batchLoss)) throw new TrainingDivergedException(epoch);
            optimizer.Step(gradients, learningRate);
        }
    }

    (double Loss, double Accuracy, Tensor[] Gradients) LossAndGradient(Tensor inputs, Tensor labels)
    {
        var outputs = model.forward(inputs);
        var value = TrainingLoss.Mean(loss, outputs, labels);
        var gradients = torch.autograd.grad([value], model.Parameters.Cast<Tensor>().ToList()).ToArray();
        using var noGrad = torch.no_grad();
        return (Scalar(value), CrossEntropy.Accuracy(outputs, labels), gradients);
    }

    static double Norm(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        return Math.Sqrt(gradients.Sum(g => Scalar(g.square().sum())));
    }

    /// <summary>A scalar tensor's value whatever its floating type (a float32 model's losses are float32).</summary>
    internal static double Scalar(Tensor value) => value.to_type(ScalarType.Float64).item<double>();
}
