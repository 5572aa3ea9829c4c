namespace HessianWeb.Server.Sweeps;

/// <summary>
/// The paper's experiments as sweeps (Sagun et al., docs/paper.md), each also a file in examples/ named by its id.
/// </summary>
public static class SweepPresets
{
    public const string OutliersVsClasses = "paper-outliers-vs-classes";
    public const string OutliersVsSeparability = "paper-outliers-vs-separability";
    public const string BulkVsParameters = "paper-bulk-vs-parameters";
    public const string GaussNewton = "paper-gauss-newton";
    public const string LargeVsSmallBatch = "paper-large-vs-small-batch";

    public static IReadOnlyList<string> All { get; } = [OutliersVsClasses, OutliersVsSeparability, BulkVsParameters, GaussNewton, LargeVsSmallBatch];
}
