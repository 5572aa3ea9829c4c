using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// Counts of exact eigenvalues in equal-width bins over λ. All checkpoints share one set of bins, so
/// the init and end histograms can be read against each other.
/// </summary>
public static class EigenvalueHistogram
{
    /// <summary>About 50 bins, fewer for a small spectrum (√n·2, at least 10), so that bins are not mostly empty.</summary>
    public static int BinCount(int eigenvalues) => Math.Clamp((int)Math.Ceiling(2 * Math.Sqrt(eigenvalues)), 10, 50);

    /// <summary>One series per spectrum: points (bin centre, count), every bin included.</summary>
    public static IReadOnlyList<ChartSeries> Bin(IReadOnlyList<SpectrumResult> exact)
    {
        var values = exact.SelectMany(s => s.Eigenvalues).Where(double.IsFinite).ToList();
        if (values.Count == 0) return [];
        var min = values.Min();
        var max = values.Max();
        if (max == min) { min -= 0.5; max += 0.5; }
        var bins = BinCount(exact.Max(s => s.Eigenvalues.Length));
        var width = (max - min) / bins;

        return exact.Select(spectrum =>
        {
            var counts = new int[bins];
            foreach (var eigenvalue in spectrum.Eigenvalues.Where(double.IsFinite))
                counts[Math.Min(bins - 1, (int)((eigenvalue - min) / width))]++;
            return ChartSeries.Of(spectrum.Checkpoint,
                counts.Select((count, i) => (min + (i + 0.5) * width, (double)count)),
                CheckpointColors.For(spectrum.Checkpoint));
        }).ToList();
    }
}
