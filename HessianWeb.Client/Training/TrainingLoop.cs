using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Client.Training.Engines;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training;

/// <summary>
/// The training loop: descent on the mean loss (cross-entropy unless asked otherwise), full-batch when the spec has no
/// batch size (Sagun et al.'s set-up), otherwise mini-batches in a seeded random order each epoch. The spec's
/// optimizer (<see cref="ParameterOptimizer"/>: plain SGD by default, or with momentum and weight decay, or Adam) takes
/// the steps, at the learning rate its schedule gives for the epoch (<see cref="LearningRates.At"/>).
/// </summary>
/// <remarks>
/// Epoch e's metrics are taken at the parameters after e epochs (epoch 0 = initialisation): training and test
/// loss and accuracy and the norm of the full-batch gradient, the quantity the stopping rule ‖∇L‖ ≤ tol reads; the
/// other stopping rule, training loss ≤ the spec's loss tolerance, reads the same epoch's training loss.
/// In full-batch mode that gradient is also the next step's, so each epoch costs one forward and backward pass.
/// The test set is evaluated every <see cref="TrainingSpec.TestEvery"/> epochs (by default the bucket width of
/// <see cref="EpochRecording"/>), at epoch 0, at checkpoints and at the last epoch; other epochs carry no test metrics.
/// A small MLP on the CPU trains on the fused managed engine (<see cref="TrainingEngines.For"/>), whose weights are written
/// back into the model before every checkpoint and when training ends.
/// The data must be in the model's floating type (<see cref="DataTensors.From"/>).
/// </remarks>
public sealed class TrainingLoop(Network model, DataTensors train, DataTensors? test, TrainingSpec spec, LossFunction loss = LossFunction.CrossEntropy)
{
    /// <summary>False: TorchSharp's autograd even where the managed engine would serve (tests compare the two).</summary>
    internal bool AllowManaged { get; init; } = true;

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
        var testEvery = spec.TestEvery ?? EpochRecording.BucketWidth(spec.Epochs);
        using var engine = TrainingEngines.For(model, train, spec, loss, AllowManaged);
        try
        {
            for (var epoch = 0; ; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (epoch > 0 && !fullBatch) MiniBatchEpoch(firstEpoch + epoch, batchOrder, engine, LearningRates.At(spec, epoch - 1));

                var (trainLoss, accuracy, gradNorm) = engine.Measure();
                if (!double.IsFinite(trainLoss)) throw new TrainingDivergedException(firstEpoch + epoch);
                TrainingOutcome? outcome =
                    spec.GradNormTolerance > 0 && gradNorm <= spec.GradNormTolerance ? TrainingOutcome.GradientBelowTolerance
                    : spec.LossTolerance > 0 && trainLoss <= spec.LossTolerance ? TrainingOutcome.LossBelowTolerance
                    : epoch >= spec.Epochs ? TrainingOutcome.EpochLimitReached
                    : null;
                var checkpoint = outcome is null && checkpoints is { } c && epoch > 0 && (firstEpoch + epoch) % c.Every == 0;
                var evaluate = test is { Count: > 0 } && (epoch % testEvery == 0 || outcome is not null || checkpoint);
                var (testLoss, testAccuracy) = evaluate ? engine.Evaluate(test!) : ((double?)null, (double?)null);
                onEpoch(new EpochMetrics(firstEpoch + epoch, trainLoss, accuracy, testLoss, testAccuracy, gradNorm, phase));

                if (outcome is { } done) return done;
                if (checkpoint)
                {
                    engine.Publish();
                    checkpoints!.Reached(firstEpoch + epoch);
                }
                if (fullBatch) engine.Step(LearningRates.At(spec, epoch));
            }
        }
        finally
        {
            engine.Publish();
        }
    }

    void MiniBatchEpoch(int epoch, SeededRandom batchOrder, ITrainingEngine engine, double learningRate)
    {
        var n = (int)train.Count;
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        batchOrder.Shuffle(order.AsSpan());
        var batchSize = spec.BatchSize!.Value;
        for (var start = 0; start < n; start += batchSize)
        {
            var batchLoss = engine.MiniBatchStep(order.AsSpan(start, Math.Min(n, start + batchSize) - start), learningRate);
            if (!double.IsFinite(batchLoss)) throw new TrainingDivergedException(epoch);
        }
    }

    /// <summary>A scalar tensor's value whatever its floating type (a float32 model's losses are float32).</summary>
    internal static double Scalar(Tensor value) => value.to_type(ScalarType.Float64).item<double>();
}
