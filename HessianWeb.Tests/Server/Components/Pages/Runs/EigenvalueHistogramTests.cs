using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

public sealed class EigenvalueHistogramTests
{
    [Fact]
    public void Every_eigenvalue_lands_in_one_bin_shared_by_all_checkpoints()
    {
        var random = new Random(7);
        var init = Enumerable.Range(0, 109).Select(_ => random.NextDouble() - 0.5).Append(12.0).ToArray();
        var end = Enumerable.Range(0, 109).Select(_ => 0.01 * random.NextDouble()).Append(40.0).ToArray();

        var series = EigenvalueHistogram.Bin([new(Checkpoints.Init, SpectrumMethods.Exact, init), new(Checkpoints.End, SpectrumMethods.Exact, end)]);

        Assert.Equal([Checkpoints.Init, Checkpoints.End], series.Select(s => s.Name));
        Assert.Equal(init.Length, series[0].Points.Sum(p => p[1]));
        Assert.Equal(end.Length, series[1].Points.Sum(p => p[1]));
        Assert.Equal(series[0].Points.Select(p => p[0]), series[1].Points.Select(p => p[0]));
        Assert.Equal(EigenvalueHistogram.BinCount(110), series[0].Points.Count);
        // The largest eigenvalue sits in the last bin, whose centre is half a bin below it.
        Assert.Equal(1, series[1].Points[^1][1]);
    }

    [Theory]
    [InlineData(4, 10)]
    [InlineData(109, 21)]
    [InlineData(5000, 50)]
    public void About_fifty_bins_fewer_for_small_spectra(int eigenvalues, int bins) =>
        Assert.Equal(bins, EigenvalueHistogram.BinCount(eigenvalues));
}
