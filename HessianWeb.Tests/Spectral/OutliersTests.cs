using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Spectral;

public class OutliersTests
{
    [Fact]
    public void Counts_the_eigenvalues_above_the_widest_log_gap_and_reports_k_beside()
    {
        // Four outliers well above a bulk in (0, 0.8], then the zero cluster and small negatives.
        var spectrum = new[] { 9.0, 6, 4.5, 3 }
            .Concat(Enumerable.Range(1, 40).Select(i => 0.02 * i))
            .Concat(Enumerable.Repeat(1e-9, 30)).Concat([0, 0, -1e-3, -0.02])
            .ToArray();

        var estimate = Outliers.FromEigenvalues(spectrum, classes: 4);

        Assert.Equal(4, estimate.Count);
        Assert.Equal(0.8, estimate.BulkEdge, 1e-12);
        Assert.Equal(3 / 0.8, estimate.GapRatio, 1e-12);
        Assert.Equal(4, estimate.Classes);
        Assert.Equal(3, estimate.ClassesMinusOne);
        Assert.False(estimate.AtEndOfList);
        Assert.Contains("largest gap in log λ", estimate.Method);
    }

    [Fact]
    public void Tiny_bulk_eigenvalues_below_the_floor_cannot_make_the_widest_gap()
    {
        // Without the floor, 1e-12 → 1e-15 would be the widest ratio.
        double[] spectrum = [5, 4, 0.5, 0.4, 0.3, 1e-12, 1e-15];
        var estimate = Outliers.FromEigenvalues(spectrum);

        Assert.Equal(2, estimate.Count);
        Assert.Equal(0.5, estimate.BulkEdge);
        Assert.Equal(0.4 / 0.3, estimate.RunnerUpGapRatio, 1e-12);
    }

    [Fact]
    public void A_gap_at_the_end_of_a_top_k_list_is_flagged()
    {
        var estimate = Outliers.FromEigenvalues([10, 9, 8, 0.1]);

        Assert.Equal(3, estimate.Count);
        Assert.True(estimate.AtEndOfList);
    }

    [Fact]
    public void One_eigenvalue_above_the_floor_is_one_outlier()
    {
        var estimate = Outliers.FromEigenvalues([2, 1e-5, -0.3]);

        Assert.Equal(1, estimate.Count);
        Assert.Equal(1e-5, estimate.BulkEdge);
    }

    [Fact]
    public void Eigenvalues_at_the_rounding_level_are_never_outliers()
    {
        // The residual of a linear model: 0 in exact arithmetic, rounding noise as computed.
        double[] noise = [3e-17, 2e-17, 1e-18, 4e-19, -1e-17, -5e-17];

        Assert.Equal(2, Outliers.FromEigenvalues(noise).Count);
        var estimate = Outliers.FromEigenvalues(noise, absoluteFloor: 1e-15);
        Assert.Equal(0, estimate.Count);
        Assert.Equal(3e-17, estimate.BulkEdge);
        Assert.Contains("rounding level 1E-15", estimate.Method);
        Assert.Equal(4, Outliers.FromEigenvalues([9.0, 6, 4.5, 3, 0.1, 0.05], absoluteFloor: 1e-15).Count);
        Assert.Throws<ArgumentException>(() => Outliers.FromEigenvalues(noise, absoluteFloor: -1));
    }
}
