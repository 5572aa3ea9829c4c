using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class TrainingCharts
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter] public RunStatus Status { get; set; }

    /// <summary>The most epochs the run may train (the spec's): how finely the curves can be kept.</summary>
    [Parameter] public int ExpectedEpochs { get; set; }

    ApexChart? lossChart;
    ApexChart? accuracyChart;
    bool logLoss = true;
    int pushed;

    string NoData => Status.IsTerminal() ? "This run recorded no epochs." : "The curves appear as the epochs finish.";

    ChartOptions LossOptions => new()
    {
        Title = "Loss",
        XAxisTitle = "epoch",
        YAxisTitle = logLoss ? "cross-entropy loss (nats, log scale)" : "cross-entropy loss (nats)",
        IntegerX = true,
        LogY = logLoss,
        NoDataText = NoData,
        XLines = PhaseLines,
    };

    ChartOptions AccuracyOptions => new()
    {
        Title = "Accuracy",
        XAxisTitle = "epoch",
        YAxisTitle = "accuracy (%)",
        IntegerX = true,
        YMin = 0,
        YMax = 100,
        NoDataText = NoData,
        XLines = PhaseLines,
    };

    /// <summary>
    /// A phased run's phase starts as labelled vertical lines, so the loss's response to the new settings (the small batch's
    /// climb out of the large batch's minimum, docs/paper.md claim 5) reads against the boundary.
    /// </summary>
    IReadOnlyList<ChartMarkLine> PhaseLines => Progress.Phases.Select(p => new ChartMarkLine(p.Epoch, $"phase {p.Name}", QuantityColors.Marker)).ToList();

    string LatestText => Progress.Epochs.Count == 0
        ? "No epoch yet."
        : Describe(Progress.Epochs[^1], Progress.Epochs.LastOrDefault(e => e.TestLoss is not null));

    /// <param name="tested">The latest epoch with test metrics: the test set is evaluated on a schedule (training.testEvery).</param>
    static string Describe(EpochMetrics e, EpochMetrics? tested)
    {
        var text = (e.Phase is null ? "Epoch" : $"Phase {e.Phase}, epoch") + $" {NumberFormat.Count(e.Epoch)}: train loss {NumberFormat.Significant(e.TrainLoss)}, train accuracy {NumberFormat.Percent(e.TrainAccuracy)}";
        var at = tested is not null && tested.Epoch != e.Epoch ? $" (epoch {NumberFormat.Count(tested.Epoch)})" : "";
        if (tested?.TestLoss is { } testLoss) text += $", test loss {NumberFormat.Significant(testLoss)}{at}";
        if (tested?.TestAccuracy is { } testAccuracy) text += $", test accuracy {NumberFormat.Percent(testAccuracy)}{at}";
        return text + $", ‖∇L‖ = {NumberFormat.Significant(e.GradNorm)}";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (lossChart is null || accuracyChart is null) return;
        // Epochs go to the charts a bucket at a time, as each bucket's lowest and highest point (a spike stays);
        // up to ~2,000 epochs a bucket is one epoch. A run that ended sends its last, partial bucket too.
        var bucket = Downsampling.BucketSize(ExpectedEvents);
        var waiting = Progress.Epochs.Count - pushed;
        var ready = Status.IsTerminal() ? waiting : waiting - waiting % bucket;
        if (ready <= 0) return;
        // Counted before the await, so a render during the push does not send the same epochs again.
        var fresh = Progress.Epochs.Skip(pushed).Take(ready).ToList();
        pushed += fresh.Count;

        await lossChart.AppendAsync(LossSeries(fresh, bucket));
        await accuracyChart.AppendAsync(AccuracySeries(fresh, bucket));
    }

    /// <summary>
    /// The epoch events to size the chart's buckets for. A run whose events stand for several epochs each
    /// (<see cref="EpochMetrics.Bucket"/>, a phase past <see cref="EpochRecording.MaxBuckets"/> epochs) stores about that
    /// many a phase; any other run, including one stored before epochs were bucketed, one per epoch. A bucketed run's
    /// second event is already a bucket, so the size is settled before anything is pushed.
    /// </summary>
    int ExpectedEvents => Progress.Epochs.Any(e => e.Bucket is not null) ? Math.Min(ExpectedEpochs, EpochRecording.MaxBuckets) : ExpectedEpochs;

    static List<ChartSeries> LossSeries(IReadOnlyList<EpochMetrics> epochs, int bucket) =>
        TrainAndTest(epochs, bucket, e => e.TrainLoss, b => (b.TrainLossMin, b.TrainLossMax), e => e.TestLoss);

    static List<ChartSeries> AccuracySeries(IReadOnlyList<EpochMetrics> epochs, int bucket) =>
        TrainAndTest(epochs, bucket, e => 100 * e.TrainAccuracy, b => (100 * b.TrainAccuracyMin, 100 * b.TrainAccuracyMax), e => 100 * e.TestAccuracy);

    static List<ChartSeries> TrainAndTest(IReadOnlyList<EpochMetrics> epochs, int bucket, Func<EpochMetrics, double?> train,
        Func<EpochBucket, (double Min, double Max)> trainRange, Func<EpochMetrics, double?> test)
    {
        var series = new List<ChartSeries> { ChartSeries.Of("train", Thin(epochs, bucket, train, trainRange), QuantityColors.Train) };
        if (epochs.Any(e => e.TestLoss is not null)) series.Add(ChartSeries.Of("test", Thin(epochs, bucket, test), QuantityColors.Test));
        return series;
    }

    /// <summary>
    /// A zoom's series: the epochs already drawn that fall in [min, max] (and one on each side, so the lines reach the
    /// edges), in buckets sized for the range rather than the run; null bounds: the whole run, as first drawn.
    /// </summary>
    IReadOnlyList<ChartSeries> Rebucket(double? min, double? max, bool loss)
    {
        var drawn = Progress.Epochs.Take(pushed).ToList();
        var from = min is { } lo ? drawn.FindIndex(e => e.Epoch >= lo) : 0;
        var first = from < 0 ? drawn.Count - 1 : Math.Max(0, from - 1);
        var last = max is { } hi ? drawn.FindLastIndex(e => e.Epoch <= hi) + 1 : drawn.Count - 1;
        if (first > last || last < 0) return loss ? LossSeries([], 1) : AccuracySeries([], 1);
        var range = drawn.GetRange(first, Math.Min(drawn.Count - 1, last) - first + 1);
        var bucket = min is null && max is null ? Downsampling.BucketSize(ExpectedEvents) : Downsampling.BucketSize(range.Count);
        return loss ? LossSeries(range, bucket) : AccuracySeries(range, bucket);
    }

    IReadOnlyList<ChartSeries> RebucketLoss(double? min, double? max) => Rebucket(min, max, loss: true);

    IReadOnlyList<ChartSeries> RebucketAccuracy(double? min, double? max) => Rebucket(min, max, loss: false);

    /// <summary>
    /// (epoch, value) for each bucket's lowest and highest value, in epoch order; epochs without a finite value left out.
    /// An event that stands for several epochs (<see cref="EpochMetrics.Bucket"/>) brings its range's lowest and highest
    /// value (<paramref name="range"/>, when given) at its first and last epoch, the one nearer its last value at the last:
    /// a stored bucket spans at most 1/<see cref="EpochRecording.MaxBuckets"/> of the phase, about a pixel, and a spike
    /// inside it stays visible.
    /// </summary>
    public static IEnumerable<(double, double)> Thin(IReadOnlyList<EpochMetrics> epochs, int bucket, Func<EpochMetrics, double?> value,
        Func<EpochBucket, (double Min, double Max)>? range = null) =>
        epochs.Chunk(bucket).SelectMany(chunk => Downsampling.Extremes(
            chunk.SelectMany(e => Points(e, value, range)).Where(p => double.IsFinite(p.Item2)).ToList()));

    static IEnumerable<(double, double)> Points(EpochMetrics e, Func<EpochMetrics, double?> value, Func<EpochBucket, (double Min, double Max)>? range)
    {
        if (value(e) is not { } last) yield break;
        if (e.Bucket is not { } b || range is null)
        {
            yield return (e.Epoch, last);
            yield break;
        }
        var (min, max) = range(b);
        var endsLow = Math.Abs(last - min) <= Math.Abs(last - max);
        yield return (b.FirstEpoch, endsLow ? max : min);
        yield return (e.Epoch, endsLow ? min : max);
    }
}
