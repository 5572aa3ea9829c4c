namespace HessianWeb.Shared.Runs;

/// <summary>
/// Folds one phase's epochs into the bounded stream of events <see cref="EpochRecording"/> describes: the phase's first
/// epoch (its epoch 0) on its own, then one event per bucket, a bucket closing at every multiple of the width counted from
/// the phase's epoch 0 (so with the default <see cref="Specs.TrainingSpec.TestEvery"/> each closes at an epoch whose
/// test metrics were taken) and wherever the caller calls <see cref="Flush"/> (a checkpoint, the phase's end).
/// </summary>
/// <remarks>
/// The stopping rules never see these buckets: training checks every epoch's ‖∇L‖ and loss before they are folded here.
/// A bucket of one epoch is that epoch's own metrics, no <see cref="EpochBucket"/>, so with width 1 every epoch goes out as it came.
/// </remarks>
public sealed class EpochBuckets(int width, Action<EpochMetrics> emit)
{
    readonly int width = width >= 1 ? width : throw new ArgumentOutOfRangeException(nameof(width), $"Buckets of {width} epochs: at least 1.");
    int? start;
    EpochMetrics? last;
    int count;
    int first;
    double lossMin, lossMax, accuracyMin, accuracyMax, gradMin, gradMax;

    /// <summary>The next epoch of the phase, in order; the first one given is the phase's epoch 0.</summary>
    public void Add(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (start is null)
        {
            start = metrics.Epoch;
            emit(metrics);
            return;
        }
        if (count == 0)
        {
            first = metrics.Epoch;
            (lossMin, lossMax) = (metrics.TrainLoss, metrics.TrainLoss);
            (accuracyMin, accuracyMax) = (metrics.TrainAccuracy, metrics.TrainAccuracy);
            (gradMin, gradMax) = (metrics.GradNorm, metrics.GradNorm);
        }
        else
        {
            (lossMin, lossMax) = (Math.Min(lossMin, metrics.TrainLoss), Math.Max(lossMax, metrics.TrainLoss));
            (accuracyMin, accuracyMax) = (Math.Min(accuracyMin, metrics.TrainAccuracy), Math.Max(accuracyMax, metrics.TrainAccuracy));
            (gradMin, gradMax) = (Math.Min(gradMin, metrics.GradNorm), Math.Max(gradMax, metrics.GradNorm));
        }
        last = metrics;
        count++;
        if ((metrics.Epoch - start.Value) % width == 0) Flush();
    }

    /// <summary>Sends the open bucket, if any, ending at the last epoch added.</summary>
    public void Flush()
    {
        if (count == 0 || last is null) return;
        emit(count == 1 ? last : last with { Bucket = new EpochBucket(first, lossMin, lossMax, accuracyMin, accuracyMax, gradMin, gradMax) });
        count = 0;
        last = null;
    }
}
