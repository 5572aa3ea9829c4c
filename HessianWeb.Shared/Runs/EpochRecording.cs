namespace HessianWeb.Shared.Runs;

/// <summary>
/// How many epoch events a training phase stores, whatever its length: every epoch up to <see cref="MaxBuckets"/> epochs;
/// past that, epoch 0 alone and then buckets of <see cref="BucketWidth"/> consecutive epochs, each one event carrying its
/// last epoch's metrics exactly and the bucket's lowest and highest training loss, accuracy and ‖∇L‖
/// (<see cref="EpochMetrics.FirstEpoch"/>). A bucket also closes at an analysis checkpoint and at the phase's last epoch,
/// so both are stored exactly.
/// </summary>
public static class EpochRecording
{
    /// <summary>The most buckets a phase's epochs fill (plus epoch 0, and one more per checkpoint where a bucket closes early).</summary>
    public const int MaxBuckets = 2_000;

    /// <summary>The epochs one event stands for in a phase of at most <paramref name="epochs"/> epochs: ⌈epochs / <see cref="MaxBuckets"/>⌉.</summary>
    public static int BucketWidth(int epochs) => Math.Max(1, (int)((Math.Max(0L, epochs) + MaxBuckets - 1) / MaxBuckets));
}
