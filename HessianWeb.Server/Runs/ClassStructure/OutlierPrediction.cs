using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.ClassStructure;

/// <summary>A matrix's largest eigenvalues, descending, and how they were measured ("exact" or "lanczos").</summary>
public sealed record MeasuredEigenvalues(string Method, double[] Eigenvalues);

/// <summary>
/// One checkpoint's outliers, predicted beside measured: the outlier estimates as the worker reported them (passed through
/// as they are), H's and G's largest eigenvalues, and the class structure of G whose class-term eigenvalues predict them.
/// </summary>
/// <param name="Hessian">H's top eigenvalues: from the explicit matrix when it was formed, else Lanczos's top K.</param>
/// <param name="GaussNewton">G's, the same way; null when G was not analysed (no decomposition).</param>
/// <param name="ClassStructure">Null for runs stored before the worker measured it.</param>
public sealed record CheckpointOutliers(
    string Checkpoint, IReadOnlyList<OutlierResult> Outliers, MeasuredEigenvalues? Hessian, MeasuredEigenvalues? GaussNewton,
    ClassStructureResult? ClassStructure);

/// <summary>Joins a run's stored results by checkpoint into <see cref="CheckpointOutliers"/>.</summary>
public static class OutlierPrediction
{
    /// <summary>How many of an exact spectrum's eigenvalues are kept: enough to hold every class-term eigenvalue and its
    /// neighbours (C², at least 20), not the thousands of the bulk.</summary>
    public static int TopCount(int classes) => Math.Max(20, classes * classes);

    /// <param name="order">The checkpoints in the order to show; null: in the order their results first came.</param>
    public static IReadOnlyList<CheckpointOutliers> Build(
        IReadOnlyList<SpectrumResult> spectra, IReadOnlyList<OutlierResult> outliers, IReadOnlyList<ClassStructureResult> structures,
        IReadOnlyList<string>? order = null)
    {
        order ??= spectra.Select(s => s.Checkpoint).Concat(outliers.Select(o => o.Checkpoint)).Concat(structures.Select(s => s.Checkpoint))
            .Distinct().ToList();
        return order.Select(checkpoint =>
        {
            var structure = structures.LastOrDefault(s => s.Checkpoint == checkpoint);
            var keep = TopCount(structure?.Classes ?? outliers.FirstOrDefault(o => o.Checkpoint == checkpoint)?.Classes ?? 0);
            return new CheckpointOutliers(checkpoint, outliers.Where(o => o.Checkpoint == checkpoint).ToList(),
                Top(spectra, checkpoint, CurvatureOperators.Hessian, keep), Top(spectra, checkpoint, CurvatureOperators.GaussNewton, keep), structure);
        }).Where(c => c.Outliers.Count > 0 || c.Hessian is not null || c.ClassStructure is not null).ToList();
    }

    static MeasuredEigenvalues? Top(IReadOnlyList<SpectrumResult> spectra, string checkpoint, string op, int keep) =>
        SpectrumMethods.Preferred(spectra, checkpoint, op) is { } spectrum
            ? new MeasuredEigenvalues(spectrum.Method, spectrum.Eigenvalues.Take(keep).ToArray())
            : null;
}
