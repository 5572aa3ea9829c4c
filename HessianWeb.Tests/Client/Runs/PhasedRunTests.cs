using HessianWeb.Client.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>
/// Two phases (batch 50, then batch 10 at a smaller rate) of the quickstart's blobs, analysed every 4 epochs, then two
/// interpolations: lb:end → end on the default grid, and init → end with the top eigenvalue.
/// </summary>
public sealed class PhasedRun() : RecordedRun(new ExperimentSpec
{
    Training = new TrainingSpec
    {
        GradNormTolerance = 0,
        Phases = [new() { Name = "lb", BatchSize = 50, Epochs = 6 }, new() { Name = "sb", BatchSize = 10, Epochs = 6, LearningRate = 0.05 }],
    },
    Analysis = new AnalysisSpec
    {
        LanczosK = 3, LanczosBottomK = 1, LanczosMaxSteps = 60, EveryEpochs = 4,
        Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
        Interpolations = [new() { From = "lb:end", To = "end" }, new() { From = "init", To = "end", Points = 5, AlphaMin = 0, AlphaMax = 1, TopEigenvalue = true }],
    },
});

public sealed class PhasedRunTests(PhasedRun run) : IClassFixture<PhasedRun>
{
    RecordingReporter Reporter => run.Reporter;

    static void Close(double expected, double? actual, double relative = 1e-12) =>
        Assert.True(actual is { } a && Math.Abs(a - expected) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Epochs_count_across_phases_and_carry_the_phase_each_phase_reporting_its_start()
    {
        var epochs = Reporter.Epochs.ToList();

        Assert.Equal(Enumerable.Range(0, 7).Concat(Enumerable.Range(6, 7)), epochs.Select(e => e.Epoch));
        Assert.Equal(Enumerable.Repeat("lb", 7).Concat(Enumerable.Repeat("sb", 7)), epochs.Select(e => e.Phase));
        // sb's epoch 0 is lb's last weights, measured again: the same numbers.
        Assert.Equal(epochs[6] with { Phase = "sb" }, epochs[7]);
        Assert.Equal(RunStatus.Completed, Reporter.Statuses.Last().Status);
    }

    [Fact]
    public void Checkpoints_are_labelled_by_phase_and_the_last_phase_ends_at_end()
    {
        string[] checkpoints = ["init", "lb:epoch-4", "lb:end", "sb:epoch-8", "end"];
        Assert.Equal(checkpoints, Reporter.Artifacts.Where(a => a.Kind == ArtifactKinds.Weights).Select(a => a.Checkpoint));
        Assert.Equal(checkpoints, Reporter.Spectra.Where(s => s.Method == SpectrumMethods.Exact).Select(s => s.Checkpoint));
        // Each phase end is analysed right after the phase's last epoch.
        var lbEnd = Reporter.Reports.FindIndex(r => r is ArtifactResult { Checkpoint: "lb:end" });
        Assert.Equal((6, "lb"), Reporter.Reports.Take(lbEnd).OfType<EpochMetrics>().Select(e => (e.Epoch, e.Phase)).Last());
    }

    [Fact]
    public void The_interpolations_follow_the_end_and_stream_their_points_in_alpha_order()
    {
        var outline = RecordedRun.Outline(Reporter.Reports);
        Assert.Equal(["interpolation lb:end→end", "interpolation init→end", "status Completed/"], outline[^3..]);
        var lbToSb = Reporter.InterpolationPoints.Where(p => p.Label == "lb:end→end").ToList();
        Assert.Equal(41, lbToSb.Count);
        Assert.Equal(Enumerable.Range(0, 41), lbToSb.Select(p => p.Index));
        Assert.All(lbToSb, p => Assert.Equal(41, p.Points));
        Assert.Equal(Enumerable.Range(0, 41).Select(i => -0.5 + 0.05 * i), lbToSb.Select(p => p.Alpha), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.All(lbToSb, p => Assert.Null(p.TopEigenvalue));
        Assert.All(lbToSb, p => Assert.InRange(p.TrainAccuracy, 0, 1));
    }

    [Fact]
    public void Alpha_0_and_1_reproduce_the_losses_the_checkpoints_were_trained_to()
    {
        var epochs = Reporter.Epochs.ToList();
        var (lbEnd, end, init) = (epochs[6], epochs[^1], epochs[0]);
        var line = Reporter.InterpolationPoints.Where(p => p.Label == "lb:end→end").ToList();
        var (atLb, atEnd) = (Assert.Single(line, p => p.Alpha == 0), Assert.Single(line, p => p.Alpha == 1));
        var other = Reporter.InterpolationPoints.Where(p => p.Label == "init→end").ToList();
        var (atInit, atEnd2) = (Assert.Single(other, p => p.Alpha == 0), Assert.Single(other, p => p.Alpha == 1));

        foreach (var (metrics, point) in new[] { (lbEnd, atLb), (end, atEnd), (init, atInit), (end, atEnd2) })
        {
            Close(metrics.TrainLoss, point.TrainLoss);
            Close(metrics.TestLoss!.Value, point.TestLoss);
            Assert.Equal(metrics.TrainAccuracy, point.TrainAccuracy);
            Assert.Equal(metrics.TestAccuracy, point.TestAccuracy);
        }
    }

    [Fact]
    public void The_top_eigenvalue_at_the_ends_is_the_exact_spectrums_largest()
    {
        var line = Reporter.InterpolationPoints.Where(p => p.Label == "init→end").ToList();
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], line.Select(p => p.Alpha));
        Assert.All(line, p => Assert.NotNull(p.TopEigenvalue));
        var exactInit = Reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Exact).Eigenvalues[0];
        var exactEnd = Reporter.SpectrumOf(Checkpoints.End, SpectrumMethods.Exact).Eigenvalues[0];
        // Lanczos to a residual bound of 1e-6·|θ|; the Ritz value's error is of the bound's order or below.
        Close(exactInit, line[0].TopEigenvalue, 1e-6);
        Close(exactEnd, line[^1].TopEigenvalue, 1e-6);
    }
}

/// <summary>The interpolation a finished run is asked for, on the worker's side: <see cref="HessianWeb.Client.Runs.RunExecutor.Analyse"/>.</summary>
public sealed class RequestedInterpolationTests
{
    /// <summary>A linear model under mean squared error: the loss is a quadratic in θ, so along a line a parabola in α.</summary>
    static readonly ExperimentSpec LinearMse = new()
    {
        Model = new ModelSpec { HiddenWidths = [], Loss = LossKind.Mse },
        Training = new TrainingSpec { Epochs = 15, GradNormTolerance = 0 },
        Analysis = new AnalysisSpec { LanczosK = 2, LanczosBottomK = 0, LanczosMaxSteps = 12, Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false } },
    };

    [Fact]
    public void Along_a_line_the_quadratic_loss_of_a_linear_model_is_a_parabola_through_the_checkpoints_losses()
    {
        var trained = new RecordingReporter();
        RecordedRun.Executor.Execute(LinearMse, trained, CancellationToken.None);
        var init = trained.ArtifactOf(Checkpoints.Init, ArtifactKinds.Weights).Tensors;
        var end = trained.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors;
        var line = new InterpolationSpec { Points = 13, AlphaMin = -1, AlphaMax = 2 };
        var assignment = new AnalysisAssignment(Guid.NewGuid(), Guid.NewGuid(), LinearMse, "init", "init→end", RecordedRun.NotDownloaded("init"), 1)
        {
            Interpolation = new InterpolationAssignment(line, RecordedRun.NotDownloaded("end")),
        };

        var reporter = new RecordingReporter();
        RecordedRun.Executor.Analyse(assignment, new AnalysisWeights(init, end), reporter, CancellationToken.None);

        Assert.Equal(["status Running/Analysing", "interpolation init→end", "status Completed/"], RecordedRun.Outline(reporter.Reports));
        var points = reporter.InterpolationPoints.ToList();
        Assert.Equal(Enumerable.Range(0, 13).Select(i => -1 + 0.25 * i), points.Select(p => p.Alpha), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(trained.Epochs.First().TrainLoss, points[4].TrainLoss, 1e-12);
        Assert.Equal(trained.Epochs.Last().TrainLoss, points[8].TrainLoss, 1e-12);
        // A parabola's third differences on an even grid vanish; the losses' scale bounds the rounding.
        foreach (var loss in new Func<InterpolationPoint, double>[] { p => p.TrainLoss, p => p.TestLoss!.Value })
        {
            var values = points.Select(loss).ToArray();
            var scale = values.Max(Math.Abs);
            for (var i = 3; i < values.Length; i++)
                Assert.True(Math.Abs(values[i] - 3 * values[i - 1] + 3 * values[i - 2] - values[i - 3]) <= 1e-12 * scale, $"third difference at {i}");
            // ... and its second differences are the positive constant 2·a·h² (the loss is convex in θ).
            var second = Enumerable.Range(2, values.Length - 2).Select(i => values[i] - 2 * values[i - 1] + values[i - 2]).ToArray();
            Assert.All(second, s => Assert.Equal(second[0], s, 1e-12 * scale));
            Assert.True(second[0] > 0);
        }
    }

    [Fact]
    public void Weights_of_another_shape_are_refused_naming_the_end()
    {
        var trained = new RecordingReporter();
        RecordedRun.Executor.Execute(LinearMse with { Training = LinearMse.Training with { Epochs = 1 } }, trained, CancellationToken.None);
        var init = trained.ArtifactOf(Checkpoints.Init, ArtifactKinds.Weights).Tensors;
        var assignment = new AnalysisAssignment(Guid.NewGuid(), Guid.NewGuid(), LinearMse, "init", "init→x", RecordedRun.NotDownloaded("init"), 1)
        {
            Interpolation = new InterpolationAssignment(new InterpolationSpec(), RecordedRun.NotDownloaded("x")),
        };

        var error = Assert.Throws<ArgumentException>(() =>
            RecordedRun.Executor.Analyse(assignment, new AnalysisWeights(init, init.Take(1).ToList()), new RecordingReporter(), CancellationToken.None));
        Assert.Contains("'to' weights", error.Message);
    }
}

public sealed class PhaseOptimizerStateTests
{
    static readonly TrainingSpec Momentum = new() { Momentum = 0.9, Epochs = 4, GradNormTolerance = 0 };
    static readonly AnalysisSpec Little = new()
    {
        LanczosK = 1, LanczosBottomK = 0, LanczosMaxSteps = 5, Exact = ExactSpectrumMode.Never,
        Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false },
    };

    static double[] EndWeights(ExperimentSpec spec)
    {
        var reporter = new RecordingReporter();
        RecordedRun.Executor.Execute(spec, reporter, CancellationToken.None);
        return reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors.SelectMany(RecordedRun.Float64s).ToArray();
    }

    [Fact]
    public void Each_phase_starts_a_fresh_optimizer_from_the_previous_phases_weights()
    {
        var phased = new ExperimentSpec { Training = Momentum with { Phases = [new() { Name = "a" }, new() { Name = "b" }] }, Analysis = Little };

        // Two trainings of 4 epochs, one after the other on one model, each with its own (fresh) momentum buffer.
        using var setup = HessianWeb.Client.Runs.ExperimentSetup.Build(phased, TorchSharp.torch.CPU);
        for (var phase = 0; phase < 2; phase++)
            new HessianWeb.Client.Training.TrainingLoop(setup.Model, setup.Train, setup.Test, Momentum, setup.Loss).Run(_ => { }, CancellationToken.None);
        var expected = setup.Model.GetFlatParameters();

        Assert.Equal(expected, EndWeights(phased));
        // Not what 8 epochs with one buffer give: the momentum did restart.
        Assert.NotEqual(expected, EndWeights(new ExperimentSpec { Training = Momentum with { Epochs = 8 }, Analysis = Little }));
    }
}
