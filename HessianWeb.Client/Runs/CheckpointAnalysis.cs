using System.Diagnostics;
using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// The spectra measured at one checkpoint: Lanczos top-k of the training-loss Hessian, streamed step by step,
/// then, for small models, every eigenvalue of the explicit Hessian.
/// </summary>
internal static class CheckpointAnalysis
{
    public static void Run(
        string checkpoint, Mlp model, DataTensors train, ExperimentSpec spec, Device device, IRunReporter reporter, CancellationToken cancellationToken)
    {
        using var hessian = HessianVectorProduct.OfTrainingLoss(model, train);
        var analysis = spec.Analysis;
        var m = hessian.Dimension;

        var clock = Stopwatch.StartNew();
        var options = new LanczosOptions(Math.Min(analysis.LanczosK, m), analysis.LanczosMaxSteps, analysis.LanczosTolerance, analysis.Seed);
        var lanczos = Lanczos.TopEigenvalues(hessian, options,
            step => reporter.Lanczos(new LanczosIteration(checkpoint, step.Iteration, step.RitzValues, step.ResidualBounds, step.OperatorApplications)),
            cancellationToken);
        reporter.Spectrum(new SpectrumResult(
            checkpoint, SpectrumMethods.Lanczos,
            lanczos.Top.Select(r => r.Value).ToArray(),
            lanczos.Top.Select(r => r.ResidualBound).ToArray(),
            lanczos.Top.Select(r => r.Converged).ToArray(),
            lanczos.OperatorApplications, lanczos.Iterations, clock.Elapsed.TotalSeconds));

        if (!SpecLimits.ComputesExact(spec)) return;
        clock.Restart();
        var matrix = ExactHessian.Assemble(hessian, cancellationToken);
        var eigenvalues = ExactHessian.Eigenvalues(matrix, m, device);
        reporter.Spectrum(new SpectrumResult(
            checkpoint, SpectrumMethods.Exact, eigenvalues, HvpCount: m, Seconds: clock.Elapsed.TotalSeconds));
    }
}
