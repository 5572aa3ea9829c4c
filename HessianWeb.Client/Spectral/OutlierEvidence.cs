namespace HessianWeb.Client.Spectral;

/// <summary>
/// The constants of the outlier count and the one place that says when its evidence is too weak to give a number.
/// </summary>
/// <remarks>
/// <para>A gap's statistic is its width over the calibrated edge spacing |β| (<see cref="Outliers"/>): the spacing the
/// first two eigenvalues of a square-root bulk edge would have. <see cref="Threshold"/> = 2 is Onatski's (2010) δ = 2|β|.
/// <see cref="SignificanceLevel"/> was computed once by Monte Carlo from pure bulks: eigenvalues of XᵀX/n, X an n×p
/// standard Gaussian matrix, p ∈ {100, 200, 400}, γ = p/n ∈ {0.25, 0.5, 1, 2}, 1,000 draws each; on each, the largest
/// statistic of the gaps i ≤ 10 % of p against the spacing fitted at j = 10 % of p + 1. Its 99th percentile was 2.39–2.75
/// over the eight cases (the 95th 1.89–2.10, so Onatski's 2 is about a 5 % level); we take the largest, 2.75: a pure bulk
/// shows a gap this strong in at most about 1 % of draws.</para>
/// </remarks>
public static class OutlierEvidence
{
    /// <summary>Onatski's threshold: a gap counts when it is at least this many edge spacings wide.</summary>
    public const double Threshold = 2;

    /// <summary>The 1 % Monte-Carlo level of a pure bulk's strongest gap statistic (see remarks).</summary>
    public const double SignificanceLevel = 2.75;

    /// <summary>At most this fraction of the spectrum's M eigenvalues may be counted as outliers.</summary>
    public const double MaxFraction = 0.1;

    /// <summary>Eigenvalues λ_j … λ_{j+4} below the candidate edge calibrate its spacing (Onatski's five).</summary>
    public const int CalibrationWindow = 5;

    /// <summary>
    /// "No clear gap": no gap passes the threshold; or the last one that does is below the significance level; or a gap
    /// at least as strong lies beyond the largest count allowed, so the edge may be where we may not count; or the count
    /// reached the <see cref="MaxFraction"/> cap itself: Onatski's rule takes the last gap above δ up to the cap, so a count
    /// at the cap says only "this many or more" — on a spectrum that falls steadily (trained networks' often do: every gap
    /// is wide against the spacing fitted further down) it is where the rule ran out of room, not where a bulk begins.
    /// </summary>
    /// <param name="atFractionCap">The count equals ⌊<see cref="MaxFraction"/>·M⌋ (not a limit of the eigenvalues given,
    /// which makes a lower bound instead).</param>
    public static bool IsWeak(int count, double statistic, int runnerUpCount, double runnerUpStatistic, int maxCount, bool atFractionCap) =>
        count == 0
        || statistic < SignificanceLevel
        || (runnerUpCount > maxCount && runnerUpStatistic >= statistic)
        || atFractionCap;
}
