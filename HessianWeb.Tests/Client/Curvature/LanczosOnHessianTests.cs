using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// Lanczos top-10 and bottom-5 of training-loss Hessians against every eigenvalue of the explicit Hessian (LAPACK's
/// symmetric solver, float64): the quickstart model and a 3,965-parameter MLP.
/// </summary>
public class LanczosOnHessianTests
{
    /// <summary>Rounding slack for "error ≤ bound", against max|λ|.</summary>
    const double RoundingSlack = 1e-12;

    static void AssertAgainstExact(ISymmetricOperator hessian, double[] exact, LanczosOptions options, int maxSteps)
    {
        var result = Lanczos.ExtremeEigenvalues(hessian, options);
        var scale = exact.Max(Math.Abs);

        Assert.True(result.AllConverged, $"{result.StopReason} after {result.Iterations} steps");
        Assert.True(result.Iterations <= maxSteps);
        void Check(IReadOnlyList<RitzValue> found, IEnumerable<double> truth, string end)
        {
            var expected = truth.ToArray();
            Assert.Equal(expected.Length, found.Count);
            for (var i = 0; i < expected.Length; i++)
            {
                var error = Math.Abs(found[i].Value - expected[i]);
                Assert.True(error <= 1e-8 * scale, $"{end} #{i}: θ = {found[i].Value:R}, λ = {expected[i]:R}");
                Assert.True(error <= found[i].ResidualBound + RoundingSlack * scale,
                    $"{end} #{i}: error {error:E3} above its bound {found[i].ResidualBound:E3}");
            }
        }
        Check(result.Top, exact.Take(options.K), "top");
        Check(result.Bottom, exact.Reverse().Take(options.BottomK), "bottom");
    }

    [Theory]
    [InlineData(Reorthogonalisation.Full)]
    [InlineData(Reorthogonalisation.Partial)]
    [InlineData(Reorthogonalisation.Selective)]
    public void On_the_quickstart_model(Reorthogonalisation mode)
    {
        var (model, train) = CurvatureFixtures.Quickstart();
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train);
        var exact = ExactHessian.Eigenvalues(ExactCurvature.Hessian(objective), objective.Dimension, torch.CPU);
        using var hessian = new BatchedHessianVectorProduct(objective);

        AssertAgainstExact(hessian, exact, new LanczosOptions(K: 10, MaxSteps: 109, Seed: 1, BottomK: 5, Reorthogonalisation: mode), 109);
    }

    [Fact]
    public void On_a_four_thousand_parameter_mlp_in_every_reorthogonalisation_mode()
    {
        var (model, train) = CurvatureFixtures.Model([60, 50], classes: 5, inputDim: 10, trainSize: 100, initStd: 0.1, seed: 3);
        using var _ = model;
        using var __ = train;
        Assert.Equal(3_965, model.ParameterCount);
        double[] exact;
        using (var whole = TrainingObjective.Of(model, train)) // one batch: the products reuse one gradient graph
            exact = ExactHessian.Eigenvalues(ExactCurvature.Hessian(whole), whole.Dimension, torch.CPU);
        using var objective = TrainingObjective.Of(model, train, sample: new CurvatureSample(BatchSize: 50));
        using var hessian = new BatchedHessianVectorProduct(objective);

        foreach (var mode in Enum.GetValues<Reorthogonalisation>())
            AssertAgainstExact(hessian, exact, new LanczosOptions(K: 10, MaxSteps: 800, Seed: 2, BottomK: 5, Reorthogonalisation: mode), 800);
    }

    [Theory]
    [InlineData(Reorthogonalisation.Full)]
    [InlineData(Reorthogonalisation.Partial)]
    [InlineData(Reorthogonalisation.Selective)]
    public void A_float32_hessian_on_its_float32_basis_keeps_to_the_float64_spectrum_within_float32_accuracy(Reorthogonalisation mode)
    {
        // A float32 product errs by ~1e-7·‖H‖, which erodes orthogonality a hundred thousand times faster than float64
        // rounding: partial reorthogonalisation must read the operator's accuracy or its basis decays and ghosts appear.
        // The basis itself is float32 here (the recurrence float64), in every mode.
        var (model64, train) = CurvatureFixtures.Model([24, 24], classes: 4, inputDim: 8, trainSize: 80, initStd: 0.3, seed: 5);
        using var _ = model64;
        using var __ = train;
        using var model32 = Mlp.Create(new HessianWeb.Shared.Specs.ModelSpec { HiddenWidths = [24, 24], InitStd = 0.3, Seed = 5 }, 8, 4, torch.CPU, ScalarType.Float32);
        model64.SetFlatParameters(model32.GetFlatParameters());
        using var objective64 = TrainingObjective.Of(model64, train);
        var exact = ExactHessian.Eigenvalues(ExactCurvature.Hessian(objective64), objective64.Dimension, torch.CPU);
        using var objective32 = TrainingObjective.Of(model32, train);
        using var hessian32 = new BatchedHessianVectorProduct(objective32);
        Assert.Equal(MachineEpsilon.Float32, hessian32.RelativeAccuracy);

        var result = Lanczos.ExtremeEigenvalues(hessian32,
            new LanczosOptions(K: 6, MaxSteps: 250, Tolerance: double.Epsilon, Seed: 3, BottomK: 3, Reorthogonalisation: mode));

        Assert.Equal(250, result.Iterations); // long past convergence: where orthogonality is lost
        if (mode != Reorthogonalisation.Full) Assert.True(result.Sweeps < result.Iterations / 2, $"{result.Sweeps} sweeps");
        var scale = exact.Max(Math.Abs);
        for (var i = 0; i < 6; i++)
            Assert.True(Math.Abs(result.Top[i].Value - exact[i]) <= 1e-5 * scale, $"top #{i}: {result.Top[i].Value:R} vs {exact[i]:R}");
        for (var i = 0; i < 3; i++)
            Assert.True(Math.Abs(result.Bottom[i].Value - exact[^(i + 1)]) <= 1e-5 * scale, $"bottom #{i}: {result.Bottom[i].Value:R} vs {exact[^(i + 1)]:R}");
    }
}
