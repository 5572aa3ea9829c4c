using HessianWeb.Client.Curvature;
using HessianWeb.Client.Models;
using HessianWeb.Client.Runs;
using HessianWeb.Client.Spectral;
using HessianWeb.Client.Training;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Landscape;

/// <summary>
/// The loss along the straight line θ(α) = (1 − α)·θ_A + α·θ_B between two sets of weights of one architecture, as in
/// Goodfellow et al. (2015), "Qualitatively characterizing neural network optimization problems", and Sagun et al.'s
/// large-batch/small-batch check (docs/paper.md claim 5): train and test loss and accuracy at each α, and optionally the
/// Hessian's top eigenvalue there.
/// </summary>
/// <remarks>
/// θ(α) is formed in the model's dtype as (1 − α)·θ_A + α·θ_B, so α = 0 gives θ_A and α = 1 gives θ_B bit for bit (x·1 = x
/// and x + 0 = x in IEEE arithmetic) and the end points reproduce the losses the checkpoints were trained to. The losses
/// are the mean loss over the whole training and test sets, as training reports them; the top eigenvalue is that of the
/// Hessian over the spec's curvature sample (Lanczos with k = 1 and the analysis's step limit, tolerance and seed).
/// The model's parameters are left at the last point.
/// </remarks>
internal sealed class LossInterpolation(ExperimentSetup setup, AnalysisSpec analysis, IRunReporter reporter)
{
    /// <exception cref="ArgumentException">Either set of weights does not fit the model (<see cref="Artifacts.LoadWeights"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between points or Lanczos steps.</exception>
    public void Run(InterpolationSpec line, string label, IReadOnlyList<NamedTensor> from, IReadOnlyList<NamedTensor> to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var model = setup.Model;
        using var scope = torch.NewDisposeScope();
        var a = Snapshot(model, from, "from");
        var b = Snapshot(model, to, "to");
        for (var i = 0; i < line.Points; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var alpha = line.Alpha(i);
            MoveTo(model, a, b, alpha);
            var (trainLoss, trainAccuracy) = TrainingLoss.Evaluate(model, setup.Train, setup.Loss);
            var (testLoss, testAccuracy) = setup.Test is { Count: > 0 } test ? TrainingLoss.Evaluate(model, test, setup.Loss) : ((double?)null, (double?)null);
            var top = line.TopEigenvalue ? TopEigenvalue(cancellationToken) : (double?)null;
            reporter.Interpolation(new InterpolationPoint(label, i, line.Points, alpha, trainLoss, trainAccuracy, testLoss, testAccuracy, top));
        }
    }

    /// <summary>Copies of the weights in the model's dtype and parameter order, checked as a new analysis checks them.</summary>
    static Tensor[] Snapshot(Network model, IReadOnlyList<NamedTensor> weights, string which)
    {
        try { Artifacts.LoadWeights(model, weights); }
        catch (ArgumentException ex) { throw new ArgumentException($"The '{which}' weights do not fit the model: {ex.Message}", nameof(weights), ex); }
        using var noGrad = torch.no_grad();
        return model.Parameters.Select(p => p.detach().clone()).ToArray();
    }

    static void MoveTo(Network model, Tensor[] a, Tensor[] b, double alpha)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (var p = 0; p < a.Length; p++) model.Parameters[p].copy_(a[p].mul(1 - alpha).add_(b[p].mul(alpha)));
    }

    double TopEigenvalue(CancellationToken cancellationToken)
    {
        using var hessian = new BatchedHessianVectorProduct(setup.Objective);
        var options = AnalysisOptions.TopEigenvalue(analysis, hessian.Dimension);
        return Lanczos.ExtremeEigenvalues(hessian, options, cancellationToken: cancellationToken).Top[0].Value;
    }
}
