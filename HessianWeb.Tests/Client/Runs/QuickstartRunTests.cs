using System.Runtime.InteropServices;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Runs;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>What one quickstart run (<c>new ExperimentSpec()</c>, 109 parameters) reports, against the exact spectra it also reports.</summary>
public class QuickstartRunTests(QuickstartRun run) : IClassFixture<QuickstartRun>
{
    /// <summary>Rounding slack for "error ≤ residual bound", against max|λ|.</summary>
    const double RoundingSlack = 1e-12;

    static readonly string[] CheckpointsReported = [Checkpoints.Init, Checkpoints.End];

    RecordingReporter Reporter => run.Reporter;

    static List<string> Analysis(string checkpoint) =>
    [
        "status Running/Analysing", $"artifact {checkpoint} weights",
        $"lanczos-steps {checkpoint} hessian", $"spectrum {checkpoint} hessian lanczos", $"spectrum {checkpoint} hessian exact",
        $"density {checkpoint} hessian",
        $"trace {checkpoint} hessian hutchinson", $"trace {checkpoint} hessian hutchPlusPlus", $"trace {checkpoint} hessian exact",
        $"outliers {checkpoint} hessian exact",
        $"class-structure {checkpoint} classAndCross",
    ];

    [Fact]
    public void Reports_come_in_this_order()
    {
        List<string> expected =
        [
            "status Running/Training", "artifact init data",
            .. Analysis(Checkpoints.Init),
            "status Running/Training", "epochs",
            .. Analysis(Checkpoints.End),
            "status Completed/",
        ];
        Assert.Equal(expected, RecordedRun.Outline(Reporter.Reports));
        Assert.Equal(new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: 109), Reporter.Statuses.First());
        var epochs = Reporter.Epochs.ToList();
        Assert.Equal(Enumerable.Range(0, epochs.Count), epochs.Select(e => e.Epoch));
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss, "training must lower the loss");
    }

    [Fact]
    public void Lanczos_top_ten_and_bottom_five_are_within_1e_8_of_the_exact_eigenvalues_and_within_their_bounds()
    {
        foreach (var checkpoint in CheckpointsReported)
        {
            var lanczos = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Lanczos);
            var exact = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact).Eigenvalues;
            var scale = exact.Max(Math.Abs);
            Assert.Equal(109, exact.Length);
            Assert.True(exact.Zip(exact.Skip(1)).All(p => p.First >= p.Second), "exact eigenvalues must be descending");

            void Check(double[] values, double[] bounds, bool[] converged, IEnumerable<double> truth, string end)
            {
                var expected = truth.ToArray();
                Assert.Equal(expected.Length, values.Length);
                Assert.All(converged, Assert.True);
                for (var i = 0; i < expected.Length; i++)
                {
                    var error = Math.Abs(values[i] - expected[i]);
                    Assert.True(error <= 1e-8 * scale, $"{checkpoint} {end} #{i}: θ = {values[i]:R}, λ = {expected[i]:R}");
                    Assert.True(error <= bounds[i] + RoundingSlack * scale, $"{checkpoint} {end} #{i}: error {error:E3} above its bound {bounds[i]:E3}");
                }
            }
            Check(lanczos.Eigenvalues, lanczos.ResidualBounds!, lanczos.Converged!, exact.Take(10), "top");
            Check(lanczos.BottomEigenvalues!, lanczos.BottomResidualBounds!, lanczos.BottomConverged!, exact.Reverse().Take(5), "bottom");
            for (var i = 0; i < 5; i++) // the integration promise: each of the top five to 1e-8 of itself at the default tolerance 1e-6
                Assert.True(Math.Abs(lanczos.Eigenvalues[i] - exact[i]) <= 1e-8 * Math.Abs(exact[i]), $"{checkpoint} #{i}");

            var steps = Reporter.LanczosSteps.Where(s => s.Checkpoint == checkpoint).ToList();
            Assert.All(steps, s => Assert.Equal(CurvatureOperators.Hessian, s.Operator));
            Assert.Equal(lanczos.Iterations, steps.Count);
            Assert.Equal(lanczos.HvpCount, steps[^1].HvpCount);
            Assert.Equal(lanczos.Eigenvalues, steps[^1].RitzValues.Take(10));
            Assert.Equal(lanczos.BottomEigenvalues!, steps[^1].RitzValues.Reverse().Take(5));
        }
    }

    [Fact]
    public void The_density_and_each_probes_density_integrate_to_one()
    {
        foreach (var checkpoint in CheckpointsReported)
        {
            var density = Assert.Single(Reporter.Densities, d => d.Checkpoint == checkpoint);
            Assert.Equal(CurvatureOperators.Hessian, density.Operator);
            Assert.Equal((10, 80, "rademacher", 1001), (density.Probes, density.Steps, density.Distribution, density.Grid.Length));
            Assert.Equal(10, density.ProbeDensities.Length);
            Assert.True(density.HvpCount is > 0 and <= 10 * 80, $"{density.HvpCount} products");
            Assert.True(density.Grid.Zip(density.Grid.Skip(1)).All(p => p.Second > p.First));
            Assert.Equal(1, SpectralDensity.Trapezoid(density.Grid, density.Density), 1e-6);
            Assert.All(density.ProbeDensities, p => Assert.Equal(1, SpectralDensity.Trapezoid(density.Grid, p), 1e-6));
            var exact = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact).Eigenvalues;
            var range = exact[0] - exact[^1];
            Assert.InRange(density.Width, 1e-3 * range, 1e-2 * range * 1.0000001); // 1 % of the Ritz values' range, at most the spectrum's
        }
    }

    [Fact]
    public void Hutchinson_and_hutch_plus_plus_are_within_three_standard_errors_of_the_exact_trace()
    {
        foreach (var checkpoint in CheckpointsReported)
        {
            var exact = Reporter.TraceOf(checkpoint, TraceMethods.Exact);
            var eigenvalues = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact).Eigenvalues;
            Assert.Equal(eigenvalues.Sum(), exact.Value, 1e-12 * eigenvalues.Sum(Math.Abs));
            Assert.Equal((0.0, 109), (exact.StandardError, exact.HvpCount));
            foreach (var (method, products) in new[] { (TraceMethods.Hutchinson, 30), (TraceMethods.HutchPlusPlus, 30) })
            {
                var estimate = Reporter.TraceOf(checkpoint, method);
                Assert.Equal(products, estimate.HvpCount);
                Assert.True(estimate.StandardError > 0);
                Assert.True(Math.Abs(estimate.Value - exact.Value) <= 3 * estimate.StandardError,
                    $"{checkpoint} {method}: {estimate.Value:R} ± {estimate.StandardError:R}, exact {exact.Value:R}");
            }
        }
    }

    [Fact]
    public void Outliers_are_counted_on_the_exact_eigenvalues_beside_the_classes()
    {
        foreach (var checkpoint in CheckpointsReported)
        {
            var reported = Assert.Single(Reporter.OutlierCounts, o => o.Checkpoint == checkpoint);
            var exact = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact).Eigenvalues;
            var expected = Outliers.FromEigenvalues(exact, 4, absoluteFloor: Math.Sqrt(109) * MachineEpsilon.Float64 * exact.Max(Math.Abs));
            Assert.Equal(
                new OutlierResult(checkpoint, CurvatureOperators.Hessian, expected.Count, expected.BulkEdge, 4, expected.GapRatio, expected.Method, "exact", false,
                    expected.NoClearGap, expected.GapStatistic, OutlierEvidence.Threshold, OutlierEvidence.SignificanceLevel,
                    expected.RunnerUpCount, expected.RunnerUpStatistic, expected.MaxCount,
                    reported.DensityCount, reported.DensityCountError, expected.NoClearGap ? null : expected.GapMiddle),
                reported);
            Assert.Equal(expected.NoClearGap, reported.DensityCount is null);
        }
    }

    /// <summary>
    /// The same estimator on the model's exact spectrum, its Lanczos top 10 and its SLQ density agree where they overlap:
    /// at the end (a clear gap, on this run, after three) the top 10 give the exact count, and M × the density's mass
    /// above the gap is within 3 standard errors of it (10 probes).
    /// </summary>
    [Fact]
    public void Exact_Lanczos_and_density_counts_agree_at_the_end()
    {
        var exact = Reporter.SpectrumOf(Checkpoints.End, SpectrumMethods.Exact).Eigenvalues;
        var floor = Math.Sqrt(109) * MachineEpsilon.Float64 * exact.Max(Math.Abs);
        var fromExact = Outliers.FromEigenvalues(exact, 4, floor);
        Assert.NotNull(fromExact.ClearCount); // else there is nothing to agree on
        var top = Reporter.SpectrumOf(Checkpoints.End, SpectrumMethods.Lanczos).Eigenvalues;
        var fromTop = Outliers.FromEigenvalues(top, 4, floor, dimension: 109);
        Assert.Equal(fromExact.ClearCount, fromTop.ClearCount);

        var reported = Assert.Single(Reporter.OutlierCounts, o => o.Checkpoint == Checkpoints.End);
        Assert.NotNull(reported.DensityCount);
        Assert.InRange(fromExact.Count, reported.DensityCount!.Value - 3 * reported.DensityCountError!.Value,
            reported.DensityCount.Value + 3 * reported.DensityCountError.Value);
    }

    [Fact]
    public void The_data_artifact_is_the_training_set_in_float64_and_int64()
    {
        var artifact = Reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Data);
        var train = DataSets.Load(run.Spec.Data).Train;

        Assert.Equal(["x", "y"], artifact.Tensors.Select(t => t.Name));
        var (x, y) = (artifact.Tensors[0], artifact.Tensors[1]);
        Assert.Equal([100L, 2], x.Shape);
        Assert.Equal(train.Inputs, RecordedRun.Float64s(x));
        Assert.Equal("int64", y.Dtype);
        Assert.Equal([100L], y.Shape);
        Assert.Equal(train.Labels.Select(l => (long)l), MemoryMarshal.Cast<byte, long>(y.Data).ToArray());
        Assert.Null(artifact.File);
    }

    [Fact]
    public void Weights_are_named_and_shaped_as_pytorch_names_them_and_their_bytes_are_the_parameters()
    {
        using var initial = Mlp.Create(run.Spec.Model, 2, 4, torch.CPU);
        var expectedNames = new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" };
        var expectedShapes = new long[][] { [10, 2], [10], [5, 10], [5], [4, 5], [4] };
        foreach (var checkpoint in CheckpointsReported)
        {
            var weights = Reporter.ArtifactOf(checkpoint, ArtifactKinds.Weights).Tensors;
            Assert.Equal(expectedNames, weights.Select(t => t.Name));
            Assert.Equal(expectedShapes, weights.Select(t => t.Shape));
            Assert.All(weights, t => Assert.Equal("float64", t.Dtype));
        }

        var init = Reporter.ArtifactOf(Checkpoints.Init, ArtifactKinds.Weights).Tensors;
        Assert.Equal(initial.GetFlatParameters(), init.SelectMany(RecordedRun.Float64s)); // flat order = the weights' order
        Assert.Equal(initial.Parameters[2].data<double>().ToArray(), RecordedRun.Float64s(init[2])); // row-major [out, in]

        var end = Reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors;
        using var loaded = Mlp.Create(run.Spec.Model, 2, 4, torch.CPU);
        HessianWeb.Client.Runs.Artifacts.LoadWeights(loaded, end);
        Assert.Equal(end.SelectMany(RecordedRun.Float64s), loaded.GetFlatParameters());
        Assert.NotEqual(initial.GetFlatParameters(), loaded.GetFlatParameters());
    }

    [Fact]
    public void A_new_analysis_of_the_end_weights_reproduces_the_end_results_bit_for_bit()
    {
        var end = Reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors;
        var again = new RecordingReporter();
        const string label = "end, again";

        RecordedRun.Executor.Analyse(
            new AnalysisAssignment(Guid.NewGuid(), Guid.NewGuid(), run.Spec, Checkpoints.End, label, RecordedRun.NotDownloaded(Checkpoints.End), NextSequence: 1),
            new AnalysisWeights(end), again, CancellationToken.None);

        Assert.Equal([new StatusChange(RunStatus.Running, RunPhase.Analysing), new StatusChange(RunStatus.Completed)], again.Statuses);
        Assert.Equal(Analysis(label).Where(k => !k.StartsWith("artifact", StringComparison.Ordinal)).Append("status Completed/"),
            RecordedRun.Outline(again.Reports));
        foreach (var method in new[] { SpectrumMethods.Lanczos, SpectrumMethods.Exact })
        {
            var (before, after) = (Reporter.SpectrumOf(Checkpoints.End, method), again.SpectrumOf(label, method));
            Assert.Equal(before.Eigenvalues, after.Eigenvalues);
            Assert.Equal(before.ResidualBounds, after.ResidualBounds);
            Assert.Equal(before.BottomEigenvalues, after.BottomEigenvalues);
            Assert.Equal((before.Iterations, before.HvpCount), (after.Iterations, after.HvpCount));
        }
        var (density, densityAgain) = (Assert.Single(Reporter.Densities, d => d.Checkpoint == Checkpoints.End), Assert.Single(again.Densities));
        Assert.Equal(density.Density, densityAgain.Density);
        foreach (var method in new[] { TraceMethods.Hutchinson, TraceMethods.HutchPlusPlus, TraceMethods.Exact })
            Assert.Equal(Reporter.TraceOf(Checkpoints.End, method) with { Checkpoint = label }, again.TraceOf(label, method));
        Assert.Equal(Assert.Single(Reporter.OutlierCounts, o => o.Checkpoint == Checkpoints.End) with { Checkpoint = label }, Assert.Single(again.OutlierCounts));
    }

    [Fact]
    public void A_new_analysis_refuses_weights_that_do_not_fit_the_model_before_reporting_anything()
    {
        var end = Reporter.ArtifactOf(Checkpoints.End, ArtifactKinds.Weights).Tensors;
        var assignment = new AnalysisAssignment(Guid.NewGuid(), Guid.NewGuid(), run.Spec, Checkpoints.End, "again", RecordedRun.NotDownloaded(Checkpoints.End), NextSequence: 1);
        var reporter = new RecordingReporter();
        void Analyse(IReadOnlyList<NamedTensor> weights) => RecordedRun.Executor.Analyse(assignment, new AnalysisWeights(weights), reporter, CancellationToken.None);

        var missing = Assert.Throws<ArgumentException>(() => Analyse(end.Skip(1).ToArray()));
        Assert.Contains("'0.weight'", missing.Message);
        var misshapen = end.Select(t => t.Name == "2.bias" ? t with { Shape = [1, 5] } : t).ToArray();
        Assert.Contains("'2.bias'", Assert.Throws<ArgumentException>(() => Analyse(misshapen)).Message);
        var truncated = end.Select(t => t.Name == "4.bias" ? t with { Data = t.Data![..8] } : t).ToArray();
        Assert.Contains("'4.bias'", Assert.Throws<ArgumentException>(() => Analyse(truncated)).Message);
        var extra = end.Append(end[0] with { Name = "6.weight" }).ToArray();
        Assert.Contains("6.weight", Assert.Throws<ArgumentException>(() => Analyse(extra)).Message);
        Assert.Empty(reporter.Reports);
    }
}
