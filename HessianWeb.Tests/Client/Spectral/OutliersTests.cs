using HessianWeb.Shared;
using System.Text.Json;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Spectral;

public class OutliersTests
{
    /// <summary>
    /// A square-root edge of unit spacing below <paramref name="above"/> outliers: λ_j = 10 − ((j − 1)^{2/3} − above^{2/3})
    /// for j = above + 1 … above + 60 (Onatski's regression uses the index j in the whole spectrum), so |β| = 1 exactly.
    /// </summary>
    static IEnumerable<double> Edge(int above) =>
        Enumerable.Range(above + 1, 60).Select(j => 10 - (Math.Pow(j - 1, 2.0 / 3) - Math.Pow(above, 2.0 / 3)));

    [Fact]
    public void A_count_that_runs_into_the_ten_percent_cap_is_no_clear_gap()
    {
        // A trained run's spectrum that falls steadily (1.60, 0.429, 0.0239, 0.00556, 0.00299, …): every gap is wide against
        // the spacing fitted further down, so Onatski's rule counts to its cap of ⌊0.1 · 103⌋ = 10, past its 2.75 level.
        var spectrum = RealHessianSpectra.OutliersVsClassesK3End;
        var floor = Math.Sqrt(spectrum.Length) * MachineEpsilon.Float64 * spectrum.Max(Math.Abs);
        var estimate = Outliers.FromEigenvalues(spectrum, classes: 3, absoluteFloor: floor);

        Assert.Equal(10, estimate.MaxCount);
        Assert.Equal(estimate.MaxCount, estimate.Count);
        Assert.True(estimate.GapStatistic >= OutlierEvidence.SignificanceLevel, $"statistic {estimate.GapStatistic}");
        Assert.True(estimate.NoClearGap);
        Assert.False(estimate.LowerBound);
    }

    [Fact]
    public void Counts_the_outliers_above_an_edge_with_the_gap_in_edge_spacings()
    {
        // Four outliers; the last sits 5 above the edge's top, so its gap is 5 spacings of |β| = 1.
        double[] spectrum = [40, 30, 20, 15, .. Edge(4)];

        var estimate = Outliers.FromEigenvalues(spectrum, classes: 4);

        Assert.Equal(4, estimate.Count);
        Assert.False(estimate.NoClearGap);
        Assert.Equal(4, estimate.ClearCount);
        Assert.Equal(10, estimate.BulkEdge, 1e-12);
        Assert.Equal(1, estimate.EdgeSpacing, 1e-9);
        Assert.Equal(5, estimate.GapStatistic, 1e-9);
        Assert.Equal(6, estimate.MaxCount); // 10 % of 64
        Assert.Equal(1, estimate.RunnerUpCount); // 40 − 30: the widest other gap
        Assert.Equal(10, estimate.RunnerUpStatistic, 1e-9);
        Assert.Equal(12.5, estimate.GapMiddle, 1e-9);
        Assert.Equal(3, estimate.ClassesMinusOne);
        Assert.Contains("Onatski (2010)", estimate.Method);
    }

    [Fact]
    public void A_gap_that_passes_the_threshold_but_not_the_significance_level_is_no_clear_gap()
    {
        double[] spectrum = [12.5, .. Edge(1)]; // 2.5 spacings: above Onatski's 2, below the 1 % level 2.75

        var estimate = Outliers.FromEigenvalues(spectrum);

        Assert.Equal(1, estimate.Count);
        Assert.Equal(2.5, estimate.GapStatistic, 1e-9);
        Assert.True(estimate.NoClearGap);
        Assert.Null(estimate.ClearCount);
    }

    [Fact]
    public void An_edge_with_no_gap_counts_nothing_and_says_so()
    {
        var estimate = Outliers.FromEigenvalues(Edge(0).ToArray());

        Assert.Equal(0, estimate.Count);
        Assert.True(estimate.NoClearGap);
        Assert.Equal(0, estimate.GapStatistic);
    }

    [Fact]
    public void Negatives_and_an_exact_atom_at_zero_neither_count_nor_calibrate_a_zero_spacing()
    {
        // Rank 3 plus an exact atom: the edge spacing fitted there would be 0; a floor stands in.
        double[] spectrum = [5, 4, 3, .. Enumerable.Repeat(1e-17, 60), .. Enumerable.Repeat(-0.5, 3)];

        var estimate = Outliers.FromEigenvalues(spectrum, absoluteFloor: 1e-15);

        Assert.Equal(3, estimate.ClearCount);
        Assert.Equal(1e-14 * 5, estimate.EdgeSpacing); // no spacing below 1e-14 of the scale, nor the rounding level
        Assert.Equal(3, estimate.MaxCount); // only three lie above the rounding level
    }

    [Fact]
    public void Rounding_noise_of_an_operator_that_is_zero_shows_no_outliers()
    {
        var noise = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? 1 : -1) * 1e-16 * (1 + i)).ToArray();

        var estimate = Outliers.FromEigenvalues(noise, absoluteFloor: 1e-14);

        Assert.Equal(0, estimate.MaxCount);
        Assert.True(estimate.NoClearGap);
    }

    [Fact]
    public void The_top_K_of_a_larger_spectrum_give_a_lower_bound_when_K_limits_the_count()
    {
        double[] spectrum = [40, 30, 20, 15, .. Edge(4)];

        var topTen = Outliers.FromEigenvalues(spectrum.Take(10).ToArray(), dimension: 1000);
        var topNine = Outliers.FromEigenvalues([40, 30, 20, 15, 8, 7.5, 7, 6.5, 6], dimension: 1000);

        Assert.Equal(5, topTen.MaxCount); // 10 given less the window of 5
        Assert.Equal(4, topTen.ClearCount);
        Assert.False(topTen.LowerBound); // 5 could be counted and 4 were
        Assert.Equal(Outliers.FromEigenvalues(spectrum).Count, topTen.Count);
        Assert.Equal(4, topNine.MaxCount);
        Assert.Equal(4, topNine.Count); // at the limit the nine allow: the bulk may begin further down
        Assert.True(topNine.LowerBound);
    }

    [Fact]
    public void Too_few_eigenvalues_to_calibrate_the_edge_is_no_clear_gap()
    {
        var estimate = Outliers.FromEigenvalues([9, 3, 1], dimension: 50);

        Assert.True(estimate.NoClearGap);
        Assert.True(estimate.LowerBound);
        Assert.Contains("too few", estimate.Method);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => Outliers.FromEigenvalues([]));
        Assert.Throws<ArgumentException>(() => Outliers.FromEigenvalues([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => Outliers.FromEigenvalues([1, 2], absoluteFloor: -1));
        Assert.Throws<ArgumentException>(() => Outliers.FromEigenvalues([1, 2, 3], dimension: 2));
    }

    [Fact]
    public void A_result_stored_before_the_evidence_existed_reads_as_the_count_it_was()
    {
        const string stored = """{"checkpoint":"end","operator":"hessian","count":3,"bulkEdge":0.1,"classes":4,"gapRatio":5,"method":"largest gap in log λ","source":"exact","lowerBound":false}""";

        var result = JsonSerializer.Deserialize<OutlierResult>(stored, JsonFormat.Options)!;

        Assert.False(result.NoClearGap);
        Assert.Equal(3, result.ClearCount);
        Assert.Null(result.GapStatistic);
        Assert.Null(result.DensityCount);
        var roundTrip = JsonSerializer.Deserialize<OutlierResult>(JsonSerializer.Serialize(result with { NoClearGap = true, GapStatistic = 2.1 }, JsonFormat.Options), JsonFormat.Options)!;
        Assert.Null(roundTrip.ClearCount);
        Assert.Equal(2.1, roundTrip.GapStatistic);
    }
}
