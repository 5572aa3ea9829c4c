using System.Runtime.InteropServices;
using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Client.Curvature;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Runs;

public class RunExecutorTests
{
    static readonly AnalysisSpec SpectraOnly = new() { Density = new DensitySpec { Enabled = false }, Trace = new TraceSpec { Enabled = false } };

    static RecordingReporter Execute(ExperimentSpec spec)
    {
        var reporter = new RecordingReporter();
        RecordedRun.Executor.Execute(spec, reporter, CancellationToken.None);
        return reporter;
    }

    [Fact]
    public void Every_n_epochs_is_a_checkpoint_but_the_last_epoch_is_only_the_end()
    {
        var spec = new ExperimentSpec
        {
            Training = new TrainingSpec { Epochs = 2000, GradNormTolerance = 0 },
            Analysis = SpectraOnly with { EveryEpochs = 500 },
        };

        var reporter = Execute(spec);

        string[] checkpoints = [Checkpoints.Init, "epoch-500", "epoch-1000", "epoch-1500", Checkpoints.End];
        Assert.Equal(checkpoints, reporter.Artifacts.Where(a => a.Kind == ArtifactKinds.Weights).Select(a => a.Checkpoint));
        Assert.Equal(checkpoints, reporter.Spectra.Where(s => s.Method == SpectrumMethods.Exact).Select(s => s.Checkpoint));
        foreach (var epoch in new[] { 500, 1000, 1500 }) // taken at the parameters after that epoch, before the next step
        {
            var at = reporter.Reports.FindIndex(r => r is ArtifactResult a && a.Checkpoint == Checkpoints.AtEpoch(epoch));
            Assert.Equal(epoch, Assert.IsType<EpochMetrics>(reporter.Reports[at - 2]).Epoch);
            Assert.Equal(new StatusChange(RunStatus.Running, RunPhase.Analysing), reporter.Reports[at - 1]);
            var resumed = reporter.Reports.FindIndex(at, r => r is EpochMetrics);
            Assert.Equal(epoch + 1, ((EpochMetrics)reporter.Reports[resumed]).Epoch);
            Assert.Equal(new StatusChange(RunStatus.Running, RunPhase.Training), reporter.Reports[resumed - 1]);
        }
        Assert.Equal(2000, reporter.Epochs.Last().Epoch);
        Assert.Equal(5, reporter.Statuses.Count(s => s.Phase == RunPhase.Analysing));
        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
    }

    [Fact]
    public void A_float32_model_reports_float32_weights_and_data_and_its_spectrum_to_float32_accuracy()
    {
        var spec = new ExperimentSpec { Model = new ModelSpec { Dtype = ModelDtype.Float32 }, Training = new TrainingSpec { Epochs = 20 } };

        var reporter = Execute(spec);

        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        var init = reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Weights).Tensors;
        Assert.All(init, t => Assert.Equal("float32", t.Dtype));
        using var model = Mlp.Create(spec.Model, 2, 4, torch.CPU, ScalarType.Float32);
        Assert.Equal(model.GetFlatParameters().Select(v => (float)v), init.SelectMany(t => MemoryMarshal.Cast<byte, float>(t.Data).ToArray()));
        var x = reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Data).Tensors[0];
        Assert.Equal("float32", x.Dtype);
        Assert.Equal([100L, 2], x.Shape);
        Assert.Equal(DataSets.Load(spec.Data).Train.Inputs.Select(v => (float)v), MemoryMarshal.Cast<byte, float>(x.Data).ToArray());

        // The float32 model's Hessian is the float64 one's (of the same rounded weights) to float32 accuracy.
        var (model64, train) = CurvatureFixtures.Quickstart();
        using var _ = model64;
        using var __ = train;
        model64.SetFlatParameters(model.GetFlatParameters());
        using var objective = TrainingObjective.Of(model64, train);
        var reference = ExactHessian.Eigenvalues(ExactCurvature.Hessian(objective), objective.Dimension, torch.CPU);
        var scale = reference.Max(Math.Abs);
        var lanczos = reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Lanczos);
        var exact = reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Exact).Eigenvalues;
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Math.Abs(exact[i] - reference[i]) <= 1e-5 * scale, $"exact #{i}: {exact[i]:R} vs float64 {reference[i]:R}");
            Assert.True(Math.Abs(lanczos.Eigenvalues[i] - reference[i]) <= 1e-5 * scale, $"lanczos #{i}: {lanczos.Eigenvalues[i]:R} vs float64 {reference[i]:R}");
        }
    }

    [Fact]
    public void A_mean_squared_error_run_trains_and_measures_the_curvature_of_that_loss()
    {
        var spec = new ExperimentSpec { Model = new ModelSpec { Loss = LossKind.Mse }, Training = new TrainingSpec { Epochs = 200 }, Analysis = SpectraOnly };

        var reporter = Execute(spec);

        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        var (model, train) = CurvatureFixtures.Quickstart();
        using var _ = model;
        using var __ = train;
        var parameters = model.Parameters.Cast<Tensor>().ToList();
        Tensor Mse() // (1/N)·Σ_i (1/C)·‖f_i − e_{y_i}‖², written out
        {
            var f = model.forward(train.Inputs);
            var oneHot = torch.zeros_like(f).scatter_(1, train.Labels.unsqueeze(1), torch.ones([f.shape[0], 1], dtype: f.dtype));
            return (f - oneHot).square().sum() / (f.shape[0] * f.shape[1]);
        }
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
            Assert.Equal(Mse().item<double>(), reporter.Epochs.First().TrainLoss, 1e-15);
        Assert.True(reporter.Epochs.Last().TrainLoss < reporter.Epochs.First().TrainLoss);

        var hessian = Matrix<double>.Build.DenseOfArray(AutogradHessian.RowByRow(parameters, Mse));
        var expected = hessian.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(l => l.Real).OrderByDescending(l => l).ToArray();
        var exact = reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Exact).Eigenvalues;
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(exact[i] - expected[i]) <= 1e-10 * scale, $"#{i}: {exact[i]:R} vs {expected[i]:R}");
    }

    [Fact]
    public void A_curvature_sample_is_the_data_artifact_and_the_points_the_spectrum_is_measured_on()
    {
        var sample = new CurvatureSampleSpec { Size = 40, BatchSize = 15, Seed = 3 };
        var spec = new ExperimentSpec { Training = new TrainingSpec { Epochs = 0 }, Analysis = SpectraOnly with { Sample = sample } };

        var reporter = Execute(spec);

        var (model, train) = CurvatureFixtures.Quickstart();
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train, sample: new CurvatureSample(40, 15, 3));
        var indices = objective.SampleIndices;
        var points = DataSets.Load(spec.Data).Train;
        var data = reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Data).Tensors;
        Assert.Equal([40L, 2], data[0].Shape);
        Assert.Equal(indices.SelectMany(i => points.Point((int)i).ToArray()), RecordedRun.Float64s(data[0]));
        Assert.Equal(indices.Select(i => (long)points.Labels[i]), MemoryMarshal.Cast<byte, long>(data[1].Data).ToArray());
        var expected = ExactHessian.Eigenvalues(ExactCurvature.Hessian(objective), objective.Dimension, torch.CPU);
        var exact = reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Exact).Eigenvalues;
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], exact[i], 1e-12 * expected[0]);
    }

    [Fact]
    public void Saved_top_vectors_are_unit_ritz_vectors_of_the_hessian_in_the_weights_order()
    {
        var spec = new ExperimentSpec { Training = new TrainingSpec { Epochs = 0 }, Analysis = SpectraOnly with { SaveTopVectors = true, Decomposition = true } };

        var reporter = Execute(spec);

        var artifact = Assert.Single(reporter.Artifacts, a => a.Kind == ArtifactKinds.Eigenvectors && a.Checkpoint == Checkpoints.Init);
        var vectors = Assert.Single(artifact.Tensors);
        Assert.Equal(("vectors", "float64"), (vectors.Name, vectors.Dtype));
        Assert.Equal([10L, 109], vectors.Shape);
        var (model, train) = CurvatureFixtures.Quickstart();
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train);
        var hessian = CurvatureFixtures.Square(ExactCurvature.Hessian(objective));
        var lanczos = reporter.SpectrumOf(Checkpoints.Init, SpectrumMethods.Lanczos);
        var rows = RecordedRun.Float64s(vectors).Chunk(109).ToArray();
        for (var i = 0; i < 10; i++)
        {
            var v = Vector<double>.Build.DenseOfArray(rows[i]);
            Assert.Equal(1, v.L2Norm(), 1e-12);
            var residual = (hessian * v - lanczos.Eigenvalues[i] * v).L2Norm();
            Assert.True(residual <= lanczos.ResidualBounds![i] + 1e-12 * lanczos.Eigenvalues[0], $"#{i}: ‖Hv − θv‖ = {residual:E3}, bound {lanczos.ResidualBounds[i]:E3}");
        }
        Assert.Equal(2, reporter.Artifacts.Count(a => a.Kind == ArtifactKinds.Eigenvectors)); // the Hessian's alone, at init and end
    }

    [Fact]
    public void A_linear_model_has_no_residual_curvature()
    {
        // f is linear in w, so ∇²f_c = 0 and R = H − G vanishes: every part of the analysis must cope with a zero operator.
        var spec = new ExperimentSpec { Model = new ModelSpec { HiddenWidths = [] }, Training = new TrainingSpec { Epochs = 50 }, Analysis = new AnalysisSpec { Decomposition = true } };

        var reporter = Execute(spec);

        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            var hessian = reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact).Eigenvalues;
            Assert.Equal(12, hessian.Length);
            Assert.Equal(hessian, reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact, CurvatureOperators.GaussNewton).Eigenvalues, (a, b) => Math.Abs(a - b) <= 1e-14 * hessian[0]);
            Assert.All(reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact, CurvatureOperators.Residual).Eigenvalues, l => Assert.True(Math.Abs(l) <= 1e-14 * hessian[0]));
            Assert.All(reporter.SpectrumOf(checkpoint, SpectrumMethods.Lanczos, CurvatureOperators.Residual).Eigenvalues, l => Assert.True(Math.Abs(l) <= 1e-14 * hessian[0]));
            Assert.All(reporter.Traces.Where(t => t.Checkpoint == checkpoint && t.Operator == CurvatureOperators.Residual), t => Assert.True(Math.Abs(t.Value) <= 1e-14 * hessian[0]));
            Assert.Equal(0, Assert.Single(reporter.OutlierCounts, o => o.Checkpoint == checkpoint && o.Operator == CurvatureOperators.Residual).Count);
            Assert.Equal(12, Assert.Single(reporter.Densities, d => d.Checkpoint == checkpoint && d.Operator == CurvatureOperators.Hessian).Steps); // capped at M
        }
    }

    [Fact]
    public void A_huge_learning_rate_ends_the_run_diverged_naming_the_epoch()
    {
        var spec = new ExperimentSpec { Training = new TrainingSpec { LearningRate = 1e200 }, Analysis = SpectraOnly };

        var reporter = Execute(spec);

        var last = reporter.Statuses.Last();
        Assert.Equal(RunStatus.Diverged, last.Status);
        var divergedAt = reporter.Epochs.Last().Epoch + 1;
        Assert.Equal($"Loss became non-finite at epoch {divergedAt}", last.Error);
        Assert.DoesNotContain(reporter.Reports, r => r is SpectrumResult { Checkpoint: Checkpoints.End } or ArtifactResult { Checkpoint: Checkpoints.End });
        Assert.All(reporter.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
    }

    [Fact]
    public void A_model_too_large_for_the_exact_hessian_gets_lanczos_only_and_a_lower_bound_on_the_outliers()
    {
        var spec = new ExperimentSpec
        {
            Data = new DataSpec { InputDim = 50, TrainSize = 40, TestSize = 0 },
            Model = new ModelSpec { HiddenWidths = [100] },
            Training = new TrainingSpec { Epochs = 2 },
            Analysis = new AnalysisSpec
            {
                LanczosK = 3, LanczosBottomK = 2, LanczosMaxSteps = 30,
                Density = new DensitySpec { Probes = 2, Steps = 10 }, Trace = new TraceSpec { HutchinsonProbes = 2, HutchPlusPlusProducts = 6 },
            },
        };
        Assert.False(SpecLimits.ComputesExact(spec));

        var reporter = Execute(spec);

        Assert.Equal(RunStatus.Completed, reporter.Statuses.Last().Status);
        Assert.Equal([SpectrumMethods.Lanczos, SpectrumMethods.Lanczos], reporter.Spectra.Select(s => s.Method));
        Assert.DoesNotContain(reporter.Traces, t => t.Method == TraceMethods.Exact);
        Assert.Equal(4, reporter.Traces.Count());
        Assert.All(reporter.OutlierCounts, o => Assert.Equal("lanczos", o.Source));
        // Three Ritz values cannot calibrate an edge (it takes five below it): no clear gap, and K is what limits the count.
        var atEnd = Assert.Single(reporter.OutlierCounts, o => o.Checkpoint == Checkpoints.End);
        Assert.True(atEnd.NoClearGap);
        Assert.Equal(0, atEnd.MaxCount);
        Assert.All(reporter.Epochs, e => Assert.Null(e.TestLoss));
    }

    [Fact]
    public void Cancellation_between_epochs_throws()
    {
        using var cancellation = new CancellationTokenSource();
        var reporter = new RecordingReporter(r => { if (r is EpochMetrics { Epoch: 3 }) cancellation.Cancel(); });

        Assert.Throws<OperationCanceledException>(() => RecordedRun.Executor.Execute(new ExperimentSpec(), reporter, cancellation.Token));
        Assert.Equal(3, reporter.Epochs.Last().Epoch);
    }

    /// <summary>Cancelled right after one report, the run throws before the next piece of work reports anything.</summary>
    [Theory]
    [InlineData("lanczos-step", "spectrum")]     // between Lanczos steps
    [InlineData("lanczos", "exact")]             // between the explicit matrix's columns
    [InlineData("exact", "density")]             // between SLQ steps
    [InlineData("density", "trace")]             // between Hutchinson probes
    [InlineData("hutchinson", "hutchPlusPlus")]  // between Hutch++ products
    public void Cancellation_during_an_analysis_stops_it_before_the_next_result(string after, string never)
    {
        static string What(object r) => r switch
        {
            LanczosIteration => "lanczos-step",
            SpectrumResult s => s.Method,
            DensityResult => "density",
            TraceResult t => t.Method,
            _ => "",
        };
        using var cancellation = new CancellationTokenSource();
        var reporter = new RecordingReporter(r => { if (What(r) == after) cancellation.Cancel(); });

        Assert.Throws<OperationCanceledException>(() => RecordedRun.Executor.Execute(new ExperimentSpec(), reporter, cancellation.Token));

        var cancelledAt = reporter.Reports.FindIndex(r => What(r) == after);
        Assert.Equal(cancelledAt, reporter.Reports.Count - 1);
        Assert.DoesNotContain(reporter.Reports, r => never == "trace" ? r is TraceResult : What(r) == never);
    }

    [Fact]
    public void An_invalid_spec_is_refused_before_anything_is_reported()
    {
        var reporter = new RecordingReporter();
        var spec = new ExperimentSpec { Model = new ModelSpec { HiddenWidths = [0] } };

        var error = Assert.Throws<ArgumentException>(() => RecordedRun.Executor.Execute(spec, reporter, CancellationToken.None));

        Assert.Contains("model.hiddenWidths", error.Message);
        Assert.Empty(reporter.Reports);
    }
}
