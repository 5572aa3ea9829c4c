using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;

namespace HessianWeb.Tests.Runs;

public class RunExecutorTests
{
    static readonly RunExecutor Executor = new(torch.CPU, threads: 2);

    static void AssertTopAgree(SpectrumResult lanczos, SpectrumResult exact, int k, double relative)
    {
        for (var i = 0; i < k; i++)
        {
            var (theta, lambda) = (lanczos.Eigenvalues[i], exact.Eigenvalues[i]);
            Assert.True(Math.Abs(theta - lambda) <= relative * Math.Abs(lambda),
                $"{lanczos.Checkpoint} #{i}: Lanczos {theta:R}, exact {lambda:R}");
        }
    }

    [Fact]
    public void The_quickstart_runs_to_completion_and_lanczos_matches_the_exact_top_five_at_init_and_end()
    {
        var spec = new ExperimentSpec();
        var reporter = new RecordingReporter();

        Executor.Execute(spec, reporter, CancellationToken.None);

        var m = SpecLimits.ParameterCount(spec);
        Assert.Equal(
            [
                new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: m),
                new StatusChange(RunStatus.Running, RunPhase.Analysing),
                new StatusChange(RunStatus.Running, RunPhase.Training),
                new StatusChange(RunStatus.Running, RunPhase.Analysing),
                new StatusChange(RunStatus.Completed),
            ],
            reporter.Statuses);
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            var lanczos = reporter.SpectrumOf(checkpoint, SpectrumMethods.Lanczos);
            var exact = reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact);
            Assert.Equal(spec.Analysis.LanczosK, lanczos.Eigenvalues.Length);
            Assert.All(lanczos.Converged!, Assert.True);
            Assert.Equal(m, exact.Eigenvalues.Length);
            Assert.True(exact.Eigenvalues.Zip(exact.Eigenvalues.Skip(1)).All(p => p.First >= p.Second), "exact eigenvalues must be descending");
            AssertTopAgree(lanczos, exact, 5, 1e-8);

            var steps = reporter.LanczosSteps.Where(s => s.Checkpoint == checkpoint).ToList();
            Assert.Equal(lanczos.Iterations, steps.Count);
            Assert.Equal(lanczos.HvpCount, steps[^1].HvpCount);
            Assert.Equal(lanczos.Eigenvalues, steps[^1].RitzValues.Take(lanczos.Eigenvalues.Length));
        }

        var epochs = reporter.Epochs.ToList();
        Assert.Equal(Enumerable.Range(0, epochs.Count), epochs.Select(e => e.Epoch));
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss, "training must lower the loss");
        Assert.True(epochs.Count == spec.Training.Epochs + 1 || epochs[^1].GradNorm <= spec.Training.GradNormTolerance);
    }

    [Fact]
    public void Events_come_in_the_lifecycle_order()
    {
        var spec = new ExperimentSpec { Training = new TrainingSpec { Epochs = 20 } };
        var reporter = new RecordingReporter();

        Executor.Execute(spec, reporter, CancellationToken.None);

        string Kind(object r) => r switch
        {
            StatusChange s => $"{s.Status}/{s.Phase}",
            EpochMetrics => "epoch",
            LanczosIteration l => $"lanczos-step:{l.Checkpoint}",
            SpectrumResult s => $"{s.Method}:{s.Checkpoint}",
            _ => "?",
        };
        var runs = reporter.Reports.Select(Kind).Aggregate(new List<string>(), (list, k) =>
        {
            if (list.Count == 0 || list[^1] != k) list.Add(k);
            return list;
        });
        Assert.Equal(
            ["Running/Training", "Running/Analysing", "lanczos-step:init", "lanczos:init", "exact:init", "Running/Training", "epoch",
             "Running/Analysing", "lanczos-step:end", "lanczos:end", "exact:end", "Completed/"],
            runs);
    }

    [Fact]
    public void A_huge_learning_rate_ends_the_run_diverged_naming_the_epoch()
    {
        var spec = new ExperimentSpec { Training = new TrainingSpec { LearningRate = 1e200 } };
        var reporter = new RecordingReporter();

        Executor.Execute(spec, reporter, CancellationToken.None);

        var last = reporter.Statuses.Last();
        Assert.Equal(RunStatus.Diverged, last.Status);
        var divergedAt = reporter.Epochs.Last().Epoch + 1;
        Assert.Equal($"Loss became non-finite at epoch {divergedAt}", last.Error);
        Assert.DoesNotContain(reporter.Spectra, s => s.Checkpoint == Checkpoints.End);
        Assert.All(reporter.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
    }

    [Fact]
    public void A_model_too_large_for_the_exact_hessian_gets_lanczos_only()
    {
        var spec = new ExperimentSpec
        {
            Data = new DataSpec { InputDim = 50, TrainSize = 40, TestSize = 0 },
            Model = new ModelSpec { HiddenWidths = [100] },
            Training = new TrainingSpec { Epochs = 2 },
            Analysis = new AnalysisSpec { LanczosK = 3, LanczosMaxSteps = 30, LanczosTolerance = 1e-6 },
        };
        Assert.False(SpecLimits.ComputesExact(spec));
        var reporter = new RecordingReporter();

        Executor.Execute(spec, reporter, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        Assert.DoesNotContain(reporter.Spectra, s => s.Method == SpectrumMethods.Exact);
        Assert.Equal(2, reporter.Spectra.Count());
        Assert.All(reporter.Epochs, e => Assert.Null(e.TestLoss));
    }

    [Fact]
    public void Cancellation_between_epochs_throws()
    {
        using var cancellation = new CancellationTokenSource();
        var reporter = new RecordingReporter(r => { if (r is EpochMetrics { Epoch: 3 }) cancellation.Cancel(); });

        Assert.Throws<OperationCanceledException>(() => Executor.Execute(new ExperimentSpec(), reporter, cancellation.Token));
        Assert.Equal(3, reporter.Epochs.Last().Epoch);
    }

    [Fact]
    public void An_invalid_spec_is_refused_before_anything_is_reported()
    {
        var reporter = new RecordingReporter();
        var spec = new ExperimentSpec { Model = new ModelSpec { HiddenWidths = [0] } };

        var error = Assert.Throws<ArgumentException>(() => Executor.Execute(spec, reporter, CancellationToken.None));

        Assert.Contains("model.hiddenWidths", error.Message);
        Assert.Empty(reporter.Reports);
    }
}
