using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class TrainingCharts
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter] public RunStatus Status { get; set; }

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
    };

    string LatestText => Progress.Epochs.Count == 0
        ? "No epoch yet."
        : Describe(Progress.Epochs[^1]);

    static string Describe(EpochMetrics e)
    {
        var text = $"Epoch {NumberFormat.Count(e.Epoch)}: train loss {NumberFormat.Significant(e.TrainLoss)}, train accuracy {NumberFormat.Percent(e.TrainAccuracy)}";
        if (e.TestLoss is { } testLoss) text += $", test loss {NumberFormat.Significant(testLoss)}";
        if (e.TestAccuracy is { } testAccuracy) text += $", test accuracy {NumberFormat.Percent(testAccuracy)}";
        return text + $", ‖∇L‖ = {NumberFormat.Significant(e.GradNorm)}";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (lossChart is null || accuracyChart is null) return;
        // Counted before the await, so a render during the push does not send the same epochs again.
        var fresh = Progress.Epochs.Skip(pushed).ToList();
        if (fresh.Count == 0) return;
        pushed += fresh.Count;

        var loss = new List<ChartSeries> { ChartSeries.Of("train", fresh.Select(e => ((double)e.Epoch, e.TrainLoss)), TrainColor) };
        var accuracy = new List<ChartSeries> { ChartSeries.Of("train", fresh.Select(e => ((double)e.Epoch, 100 * e.TrainAccuracy)), TrainColor) };
        if (fresh.Any(e => e.TestLoss is not null))
        {
            loss.Add(ChartSeries.Of("test", fresh.Where(e => e.TestLoss is not null).Select(e => ((double)e.Epoch, e.TestLoss!.Value)), TestColor));
            accuracy.Add(ChartSeries.Of("test", fresh.Where(e => e.TestAccuracy is not null).Select(e => ((double)e.Epoch, 100 * e.TestAccuracy!.Value)), TestColor));
        }
        await lossChart.AppendAsync(loss);
        await accuracyChart.AppendAsync(accuracy);
    }

    const string TrainColor = "#1e88e5";
    const string TestColor = "#e65100";
}
