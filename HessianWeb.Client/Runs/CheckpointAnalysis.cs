using System.Diagnostics;
using HessianWeb.Client.Curvature;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Everything measured at one checkpoint, operator by operator: the Hessian H of the training loss over the spec's
/// curvature sample and, with <see cref="AnalysisSpec.Decomposition"/>, the Gauss–Newton matrix G and the residual
/// R = H − G (docs/paper.md claim 4). Each result is reported as soon as it exists.
/// </summary>
/// <remarks>
/// <para>For each operator, in this order: Lanczos top-K and bottom-K, streamed step by step, then its spectrum (and, for
/// H with <see cref="AnalysisSpec.SaveTopVectors"/>, the top Ritz vectors as an artifact); the explicit matrix's every
/// eigenvalue when <see cref="SpecLimits.ComputesExact"/>; the SLQ density; Hutchinson and Hutch++ traces, and the exact
/// trace when the explicit matrix exists; the outlier count with its evidence (<see cref="Outliers"/>), from the exact
/// eigenvalues when there are any, else from Lanczos's top K (a lower bound when K limited it), eigenvalues at the
/// products' rounding level counted as bulk (<see cref="RoundingLevel"/>), and with the density, M × its mass above the
/// chosen gap (<see cref="DensityOutlierCount"/>). Then, once per checkpoint, G's class/cross-class structure
/// (<see cref="Curvature.ClassStructure"/>), whether or not G itself was analysed.</para>
/// <para>The explicit matrix is formed one operator at a time and dropped before the next, so at most one M×M matrix
/// (and LAPACK's copy) is held: R's columns are R·e_i = H·e_i − G·e_i, the same numbers H's and G's assemblies give.</para>
/// <para>Every stochastic part is seeded by <see cref="AnalysisSpec.Seed"/>, so a checkpoint analysed again with the same
/// weights gives the same numbers. Traces use Rademacher probes (the least-variance choice for Hutchinson); the density
/// uses the spec's distribution.</para>
/// </remarks>
internal sealed class CheckpointAnalysis(ExperimentSpec spec, TrainingObjective objective, Device device, IRunReporter reporter)
{
    readonly AnalysisSpec analysis = spec.Analysis;

    /// <exception cref="OperationCanceledException">Cancelled between Lanczos steps, SLQ steps, trace probes or explicit-matrix columns.</exception>
    public void Run(string checkpoint, CancellationToken cancellationToken)
    {
        gaussNewtonTrace = null;
        using var hessian = new BatchedHessianVectorProduct(objective);
        var scale = Analyse(checkpoint, CurvatureOperators.Hessian, "Hessian", hessian, 0, cancellationToken);
        if (analysis.Decomposition)
        {
            using var gaussNewton = new GaussNewtonVectorProduct(objective);
            scale = Analyse(checkpoint, CurvatureOperators.GaussNewton, "Gauss–Newton matrix", gaussNewton, scale, cancellationToken);
            Analyse(checkpoint, CurvatureOperators.Residual, "residual H − G", new ResidualVectorProduct(hessian, gaussNewton), scale, cancellationToken);
        }
        // Once per checkpoint, after G's explicit matrix (when formed) has given tr(G), so tr(G_within) is its remainder.
        reporter.ClassStructure(Curvature.ClassStructure.Measure(objective, checkpoint, gaussNewtonTrace, cancellationToken: cancellationToken));
    }

    /// <summary>tr(G) from the explicit G formed at the checkpoint being analysed, if it was.</summary>
    double? gaussNewtonTrace;

    /// <param name="scale">The largest |λ| of the operators analysed before at this checkpoint (0 for the first).</param>
    /// <returns>The largest |λ| of these operators and this one.</returns>
    double Analyse(string checkpoint, string name, string description, ISymmetricOperator op, double scale, CancellationToken cancellationToken)
    {
        var lanczos = Lanczos(checkpoint, name, op, cancellationToken);
        var exact = SpecLimits.ComputesExact(spec) ? Exact(checkpoint, name, description, op, cancellationToken) : null;
        var density = analysis.Density.Enabled ? Density(checkpoint, name, op, cancellationToken) : null;
        if (analysis.Trace.Enabled) Traces(checkpoint, name, op, exact, cancellationToken);

        var extremes = exact?.Eigenvalues ?? lanczos.Top.Concat(lanczos.Bottom).Select(r => r.Value).ToArray();
        scale = Math.Max(scale, extremes.Max(Math.Abs));
        var outliers = Outliers.FromEigenvalues(
            exact?.Eigenvalues ?? lanczos.Top.Select(r => r.Value).ToArray(), SpecLimits.ClassCount(spec.Data),
            absoluteFloor: RoundingLevel(op, scale), dimension: op.Dimension);
        // The density's count is read at the middle of the gap the eigenvalues chose; without a clear gap there is no edge to read it at.
        var densityCount = density is not null && !outliers.NoClearGap && density.Quadratures.Count >= 2
            ? DensityOutlierCount.Above(density.Quadratures, outliers.GapMiddle, op.Dimension) : null;
        reporter.Outliers(new OutlierResult(
            checkpoint, name, outliers.Count, outliers.BulkEdge, SpecLimits.ClassCount(spec.Data), outliers.GapRatio, outliers.Method,
            Source: exact is null ? SpectrumMethods.Lanczos : SpectrumMethods.Exact,
            LowerBound: exact is null && outliers.LowerBound,
            NoClearGap: outliers.NoClearGap, GapStatistic: outliers.GapStatistic, Threshold: OutlierEvidence.Threshold,
            SignificanceLevel: OutlierEvidence.SignificanceLevel, RunnerUpCount: outliers.RunnerUpCount,
            RunnerUpStatistic: outliers.RunnerUpStatistic, MaxCount: outliers.MaxCount,
            DensityCount: densityCount?.Value, DensityCountError: densityCount?.StandardError,
            DensityEdge: densityCount is null ? null : outliers.GapMiddle));
        return scale;
    }

    /// <summary>
    /// √M·u·‖A‖, below which an eigenvalue cannot be told from 0: each product errs by about u·‖A‖ (u the operator's
    /// relative accuracy), so the explicit matrix by up to √M·u·‖A‖ in norm, and so may each eigenvalue (Weyl). ‖A‖ is the
    /// largest of the operators so far, since R's products are H's less G's and carry their rounding.
    /// </summary>
    static double RoundingLevel(ISymmetricOperator op, double scale) =>
        Math.Sqrt(op.Dimension) * Math.Max(MachineEpsilon.Float64, op.RelativeAccuracy) * scale;

    LanczosResult Lanczos(string checkpoint, string name, ISymmetricOperator op, CancellationToken cancellationToken)
    {
        var m = op.Dimension;
        var vectors = analysis.SaveTopVectors && name == CurvatureOperators.Hessian;
        var options = AnalysisOptions.Extremes(analysis, m, vectors);
        var clock = Stopwatch.StartNew();
        var result = Spectral.Lanczos.ExtremeEigenvalues(op, options,
            step => reporter.Lanczos(RitzValueSample.Iteration(step, checkpoint, name, analysis)),
            cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var bottom = options.BottomK > 0;
        reporter.Spectrum(new SpectrumResult(
            checkpoint, SpectrumMethods.Lanczos,
            result.Top.Select(r => r.Value).ToArray(),
            result.Top.Select(r => r.ResidualBound).ToArray(),
            result.Top.Select(r => r.Converged).ToArray(),
            result.OperatorApplications, result.Iterations, seconds, name,
            bottom ? result.Bottom.Select(r => r.Value).ToArray() : null,
            bottom ? result.Bottom.Select(r => r.ResidualBound).ToArray() : null,
            bottom ? result.Bottom.Select(r => r.Converged).ToArray() : null));
        if (result.TopVectors is { } top)
            using (var ritzVectors = Artifacts.Eigenvectors(checkpoint, top, m)) reporter.Artifact(ritzVectors);
        return result;
    }

    /// <summary>The explicit matrix's eigenvalues (descending) and its trace, Σ of its diagonal.</summary>
    ExactSpectrum Exact(string checkpoint, string name, string description, ISymmetricOperator op, CancellationToken cancellationToken)
    {
        var m = op.Dimension;
        var clock = Stopwatch.StartNew();
        var matrix = ExactHessian.Assemble(op, analysis.ExactLimit, description, cancellationToken);
        var eigenvalues = ExactHessian.Eigenvalues(matrix, m, device,
            refusal => Console.Error.WriteLine($"{checkpoint} {name}: LAPACK refused the explicit matrix ({refusal}); its eigenvalues come from the QL driver."));
        reporter.Spectrum(new SpectrumResult(
            checkpoint, SpectrumMethods.Exact, eigenvalues, HvpCount: m, Seconds: clock.Elapsed.TotalSeconds, Operator: name));
        double trace = 0;
        for (var i = 0; i < m; i++) trace += matrix[i * m + i];
        if (name == CurvatureOperators.GaussNewton) gaussNewtonTrace = trace;
        return new ExactSpectrum(eigenvalues, trace, m);
    }

    SpectralDensity Density(string checkpoint, string name, ISymmetricOperator op, CancellationToken cancellationToken)
    {
        var options = AnalysisOptions.Density(analysis, op.Dimension);
        var clock = Stopwatch.StartNew();
        var density = StochasticLanczosQuadrature.Estimate(op, options, cancellationToken);
        reporter.Density(new DensityResult(
            checkpoint, name, density.Grid, density.Density, density.ProbeDensities.ToArray(), density.Width, options.Probes, options.Steps,
            options.Distribution == ProbeDistribution.Gaussian ? "gaussian" : "rademacher", density.OperatorApplications, clock.Elapsed.TotalSeconds));
        return density;
    }

    void Traces(string checkpoint, string name, ISymmetricOperator op, ExactSpectrum? exact, CancellationToken cancellationToken)
    {
        var t = analysis.Trace;
        var hutchinson = TraceEstimation.Hutchinson(op, t.HutchinsonProbes, ProbeDistribution.Rademacher, analysis.Seed, cancellationToken);
        reporter.Trace(new TraceResult(checkpoint, name, TraceMethods.Hutchinson, hutchinson.Value, hutchinson.StandardError, hutchinson.OperatorApplications));
        var plus = TraceEstimation.HutchPlusPlus(op, t.HutchPlusPlusProducts, ProbeDistribution.Rademacher, analysis.Seed, cancellationToken);
        reporter.Trace(new TraceResult(checkpoint, name, TraceMethods.HutchPlusPlus, plus.Value, plus.StandardError, plus.OperatorApplications));
        if (exact is not null) reporter.Trace(new TraceResult(checkpoint, name, TraceMethods.Exact, exact.Trace, 0, exact.Products));
    }

    sealed record ExactSpectrum(double[] Eigenvalues, double Trace, int Products);
}
