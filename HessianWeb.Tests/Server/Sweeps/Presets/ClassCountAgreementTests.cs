using HessianWeb.Server.Sweeps.Presets;

namespace HessianWeb.Tests.Server.Sweeps.Presets;

/// <summary>Spearman's ρ against hand-computed values, and the k − 2 … k + 1 band with "no clear gap" kept apart.</summary>
public sealed class ClassCountAgreementTests
{
    [Fact]
    public void Spearman_is_one_minus_six_d_squared_over_n_n2_minus_1_without_ties()
    {
        // Rank differences 1, 1, 1, 1, 0: ρ = 1 − 6·4 / (5·24) = 0.8.
        Assert.Equal(0.8, Rank.Spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
        Assert.Equal(-1, Rank.Spearman([1, 2, 3], [30, 20, 10]), 12);
    }

    [Fact]
    public void Ties_take_their_mean_rank()
    {
        Assert.Equal([1, 2.5, 2.5, 4], Rank.Of([10, 20, 20, 30]));
        // Pearson of ranks (1, 2.5, 2.5, 4) and (1, 2, 3, 4): 4.5 / √(4.5 · 5).
        Assert.Equal(4.5 / Math.Sqrt(22.5), Rank.Spearman([1, 2, 2, 3], [1, 2, 3, 4]), 12);
        Assert.True(double.IsNaN(Rank.Spearman([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void The_band_is_k_minus_2_to_k_plus_1_and_runs_without_a_gap_carry_no_count()
    {
        var agreement = new ClassCountAgreement([(4, 2), (4, 5), (4, 1), (4, 6), (6, 5)], NoClearGap: 2);
        Assert.Equal(3, agreement.WithinBand);
        var words = agreement.Describe();
        Assert.Contains("3 of 5 counts fell within k − 2 … k + 1", words);
        Assert.EndsWith("the counts do not follow k here (that would be ρ ≥ 0.9 with every count in the band).", words);
        var following = new ClassCountAgreement([(2, 1), (3, 2), (4, 4), (5, 4)], NoClearGap: 0);
        Assert.True(following.CountsFollowK); // ranks (1, 2, 3.5, 3.5) against (1, 2, 3, 4): ρ = 4.5 / √22.5 = 0.949
        Assert.EndsWith(": the counts follow k.", following.Describe());
        Assert.Equal("", new ClassCountAgreement([], NoClearGap: 2).Describe());
    }
}
