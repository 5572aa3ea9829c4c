using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>The quickstart with 0 epochs, its top Ritz vectors saved.</summary>
public sealed class UntrainedRun() : RecordedRun(new ExperimentSpec
{
    Training = new TrainingSpec { Epochs = 0 },
    Analysis = new AnalysisSpec { Trace = new TraceSpec { Enabled = false }, SaveTopVectors = true },
});

/// <summary>A run of 0 epochs: its weights analysed once, as they are, and stored as both its beginning and its end.</summary>
public sealed class UntrainedRunTests(UntrainedRun run) : IClassFixture<UntrainedRun>
{
    RecordingReporter Reporter => run.Reporter;

    [Fact]
    public void Init_is_analysed_once_and_every_result_of_it_is_reported_again_as_end()
    {
        var atInit = Reporter.Reports.Where(r => CheckpointOf(r) == Checkpoints.Init).ToList();
        var atEnd = Reporter.Reports.Where(r => CheckpointOf(r) == Checkpoints.End).ToList();

        // It never says it trains: from its first status on, it analyses.
        Assert.Equal(RunPhase.Analysing, Reporter.Statuses.First().Phase);
        Assert.DoesNotContain(Reporter.Statuses, s => s.Phase == RunPhase.Training);
        Assert.Single(atInit, r => r is SpectrumResult { Method: SpectrumMethods.Exact });
        Assert.Contains(atInit, r => r is DensityResult);
        // Everything but the data set (the points, not a checkpoint's result) comes again under "end", equal but for its name.
        var echoed = atInit.Where(r => r is not ArtifactResult { Kind: ArtifactKinds.Data }).ToList();
        Assert.Equal(echoed.Count, atEnd.Count);
        for (var i = 0; i < echoed.Count; i++) Assert.Equal(Describe(echoed[i]), Describe(atEnd[i]));
        var init = Reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Exact).Eigenvalues;
        Assert.Equal(init, Reporter.SpectrumOf(Checkpoints.End, SpectrumMethods.Exact).Eigenvalues);
        Assert.Equal(Reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Lanczos).Eigenvalues,
            Reporter.SpectrumOf(Checkpoints.End, SpectrumMethods.Lanczos).Eigenvalues);
        Assert.Equal(Reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Weights).Tensors.Select(t => t.Data),
            Reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors.Select(t => t.Data));
        Assert.Equal(Reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Eigenvectors).Tensors.Select(t => t.Data),
            Reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Eigenvectors).Tensors.Select(t => t.Data));
    }

    [Fact]
    public void Epoch_0_is_the_only_epoch_and_the_run_completes()
    {
        var epoch = Assert.Single(Reporter.Epochs);
        Assert.Equal(0, epoch.Epoch);
        Assert.NotNull(epoch.TestLoss);
        Assert.Equal(RunStatus.Completed, Reporter.Statuses.Last().Status);
    }

    static string? CheckpointOf(object report) => report switch
    {
        LanczosIteration l => l.Checkpoint,
        SpectrumResult s => s.Checkpoint,
        DensityResult d => d.Checkpoint,
        TraceResult t => t.Checkpoint,
        OutlierResult o => o.Checkpoint,
        ClassStructureResult c => c.Checkpoint,
        ArtifactResult a => a.Checkpoint,
        _ => null,
    };

    /// <summary>The report as JSON with its checkpoint's name left out (records with arrays compare by reference).</summary>
    static string Describe(object report) => System.Text.Json.JsonSerializer.Serialize(report, report.GetType(), HessianWeb.Shared.JsonFormat.Options)
        .Replace($"\"{Checkpoints.End}\"", $"\"{Checkpoints.Init}\"");
}
