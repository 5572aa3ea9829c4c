using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>
/// How closely the outlier counts of a sweep over k follow k, run by run (not through means): Spearman's rank
/// correlation between k and the count, and how many counts fall within k − 2 … k + 1, the band a count that follows k
/// should fall in (docs/paper.md claim 2: the clearest gap can fall after k + 1 eigenvalues at initialisation and after k − 1 late in
/// training). Runs whose estimate said "no clear gap" carry no count and are counted apart, never as a number.
/// </summary>
/// <param name="Counted">Runs with a count (k, count).</param>
/// <param name="NoClearGap">Runs whose estimate found no clear gap (the findings name them already).</param>
public sealed record ClassCountAgreement(IReadOnlyList<(int K, int Count)> Counted, int NoClearGap)
{
    public const int Below = 2;

    /// <summary>The runs of a sweep over data.classes, at the end of training or at initialisation.</summary>
    public static ClassCountAgreement Of(SweepSummary sweep, bool atInit)
    {
        var counted = new List<(int, int)>();
        var noClearGap = 0;
        foreach (var run in sweep.Runs)
        {
            if (run.Axes[SpecFields.Data.Classes] is not { } k) continue;
            if (atInit ? run.InitNoClearGap : run.NoClearGap) noClearGap++;
            else if ((atInit ? run.InitOutliers : run.Outliers) is { } count) counted.Add((k.GetValue<int>(), count));
        }
        return new ClassCountAgreement(counted, noClearGap);
    }

    public const int Above = 1;
    /// <summary>The ρ at or above which, with every count in the band, the counts are said to follow k (the
    /// expectation fixed before the presets were re-run on the authors' data, not fitted to what they measured).</summary>
    public const double FollowsK = 0.9;

    /// <summary>ρ ≥ <see cref="FollowsK"/> and every count within k − 2 … k + 1, over at least three runs.</summary>
    public bool CountsFollowK => Counted.Count >= 3 && Spearman >= FollowsK && WithinBand == Counted.Count;

    /// <summary>Spearman's ρ between k and the count (ties ranked by their mean rank); NaN with fewer than two distinct values on either side.</summary>
    public double Spearman => Rank.Spearman(Counted.Select(c => (double)c.K).ToArray(), Counted.Select(c => (double)c.Count).ToArray());

    /// <summary>Counts within k − 2 … k + 1.</summary>
    public int WithinBand => Counted.Count(c => c.Count >= c.K - Below && c.Count <= c.K + Above);

    public string Describe()
    {
        if (Counted.Count == 0) return "";
        var text = $"Run by run, {WithinBand} of {Counted.Count} counts fell within k − 2 … k + 1";
        if (Counted.Count >= 2) text += $" and Spearman's rank correlation between k and the count was {PresetFindings.Format(Spearman)}";
        if (Counted.Count >= 3)
            text += CountsFollowK ? ": the counts follow k." : $": the counts do not follow k here (that would be ρ ≥ {PresetFindings.Format(FollowsK)} with every count in the band).";
        else text += ".";
        return text;
    }
}

/// <summary>Ranks with ties given their mean rank, and Spearman's ρ as the Pearson correlation of those ranks.</summary>
public static class Rank
{
    public static double[] Of(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (var m = i; m <= j; m++) ranks[order[m]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }

    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("Spearman's ρ needs pairs.", nameof(y));
        if (x.Count < 2) return double.NaN;
        var (rx, ry) = (Of(x), Of(y));
        var (mx, my) = (rx.Average(), ry.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }
}
