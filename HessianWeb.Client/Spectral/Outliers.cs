namespace HessianWeb.Client.Spectral;

/// <summary>Counts the outliers of a spectrum, the eigenvalues above the bulk's right edge, and says when it cannot.</summary>
/// <remarks>
/// <para>Method: Onatski (2010), "Determining the number of factors from empirical distribution of eigenvalues", Review
/// of Economics and Statistics 92(4):1004–1016, the "edge distribution" estimator. Near a square-root bulk edge (the
/// Marchenko–Pastur edge, and the Tracy–Widom regime of its largest eigenvalues) the j-th eigenvalue below the edge sits
/// about β·(j − 1)^{2/3} from the first, so the edge spacing can be calibrated from the eigenvalues just below a candidate
/// edge: regress λ_j … λ_{j+4} on (j − 1)^{2/3} … (j + 3)^{2/3} (least squares with an intercept), δ = 2|β|, count
/// r = max{i ≤ r_max : λ_i − λ_{i+1} ≥ δ} (0 if none), put j = r + 1 and repeat until r no longer changes (a cycle, which
/// Onatski's procedure can meet, ends at the larger count seen, after at most 50 rounds).</para>
/// <para>Beside Onatski's count we report its evidence (<see cref="OutlierEvidence"/>): the chosen gap in edge spacings,
/// the strongest other gap (the runner-up count), and whether the evidence is too weak to give a number.</para>
/// <para>Hessians have negative eigenvalues and a large cluster at 0. Sorting is by value, so the negative ones lie below
/// the bulk's right edge and never count. An absolute floor, when given, is the rounding level of the matrix the
/// eigenvalues come from: by Weyl's inequality a computed eigenvalue is within ‖E‖ of the true one (E the rounding
/// error), so eigenvalues at or below it cannot be told from 0 and are never counted, and no edge spacing is taken
/// below it (an exact atom at 0 would otherwise calibrate δ = 0).</para>
/// <para>r_max is 10 % of M (<see cref="OutlierEvidence.MaxFraction"/>) and at most the eigenvalues given above the
/// floor less the calibration window, so the count never exceeds a fixed fraction of the spectrum.</para>
/// </remarks>
public static class Outliers
{
    const int MaxRounds = 50;

    /// <param name="eigenvalues">Any order.</param>
    /// <param name="classes">k of the data, reported beside the count.</param>
    /// <param name="absoluteFloor">The rounding level of the eigenvalues (0: none).</param>
    /// <param name="dimension">M, the size of the spectrum these eigenvalues come from (default: as many as given; more
    /// when only the top K are given).</param>
    /// <exception cref="ArgumentException">No eigenvalues, a NaN or infinity, a negative or non-finite floor, or a
    /// dimension below the eigenvalues given.</exception>
    public static OutlierEstimate FromEigenvalues(
        IReadOnlyList<double> eigenvalues, int? classes = null, double absoluteFloor = 0, int? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (eigenvalues.Count == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        if (!eigenvalues.All(double.IsFinite)) throw new ArgumentException("An eigenvalue is NaN or infinite.", nameof(eigenvalues));
        if (!(absoluteFloor >= 0 && double.IsFinite(absoluteFloor)))
            throw new ArgumentException($"The absolute floor {absoluteFloor} must be a finite number, 0 or above.", nameof(absoluteFloor));
        var m = dimension ?? eigenvalues.Count;
        if (m < eigenvalues.Count) throw new ArgumentException($"The dimension {m} is below the {eigenvalues.Count} eigenvalues given.", nameof(dimension));

        var l = eigenvalues.OrderByDescending(x => x).ToArray();
        var n = l.Length;
        var scale = Math.Max(Math.Abs(l[0]), Math.Abs(l[^1]));
        // Below this no spacing is real: the rounding level, or 1e-14 of the scale when none is given.
        var spacingFloor = Math.Max(absoluteFloor, 1e-14 * scale);
        var countable = Math.Max(0, Math.Min(l.Count(x => x > absoluteFloor), n - OutlierEvidence.CalibrationWindow));
        var byFraction = (int)Math.Floor(OutlierEvidence.MaxFraction * m);
        var maxCount = Math.Min(byFraction, countable);
        var lowerBound = n < m && countable < byFraction;
        var method = $"Onatski (2010) edge distribution: gaps over the edge spacing fitted to 5 eigenvalues, threshold {OutlierEvidence.Threshold:G3}, " +
            $"clear at {OutlierEvidence.SignificanceLevel:G3} (1 % level of a pure bulk); at most {maxCount} of {m}" +
            (n < m ? $" ({n} given)" : "") + (absoluteFloor > 0 ? $"; rounding level {absoluteFloor:G3}" : "");
        if (n <= OutlierEvidence.CalibrationWindow)
            return new OutlierEstimate(0, l[0], 0, 0, 0, 0, 0, true, 1, method + $"; {n} eigenvalues are too few to calibrate the edge", classes, lowerBound);

        var count = Iterate(l, maxCount, spacingFloor);
        var spacing = EdgeSpacing(l, count + 1, spacingFloor);
        var statistic = count == 0 ? 0 : (l[count - 1] - l[count]) / spacing;
        var (runnerUp, runnerUpStatistic) = RunnerUp(l, count, countable, spacing);
        var weak = OutlierEvidence.IsWeak(count, statistic, runnerUp, runnerUpStatistic, maxCount, atFractionCap: count > 0 && count >= byFraction);
        var ratio = count == 0 ? 1 : l[count] > 0 ? l[count - 1] / l[count] : double.PositiveInfinity;
        return new OutlierEstimate(count, l[count], statistic, spacing, runnerUp, runnerUpStatistic, maxCount, weak, ratio, method, classes,
            lowerBound && count >= maxCount);
    }

    static int Iterate(double[] l, int maxCount, double spacingFloor)
    {
        var j = maxCount + 1;
        var seen = new HashSet<int>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var delta = OutlierEvidence.Threshold * EdgeSpacing(l, j, spacingFloor);
            var r = 0;
            for (var i = maxCount; i >= 1; i--)
                if (l[i - 1] - l[i] >= delta) { r = i; break; }
            if (r + 1 == j) return r;
            if (!seen.Add(r)) return Math.Max(r, j - 1);
            j = r + 1;
        }
        return j - 1;
    }

    /// <summary>|β| of the least-squares line through (( j−1+t)^{2/3}, λ_{j+t}), t = 0…4 (j 1-based), at least the floor.</summary>
    static double EdgeSpacing(double[] l, int j, double spacingFloor)
    {
        var w = OutlierEvidence.CalibrationWindow;
        double mx = 0, my = 0;
        for (var t = 0; t < w; t++) { mx += Math.Pow(j - 1 + t, 2.0 / 3); my += l[j - 1 + t]; }
        mx /= w; my /= w;
        double sxy = 0, sxx = 0;
        for (var t = 0; t < w; t++)
        {
            var dx = Math.Pow(j - 1 + t, 2.0 / 3) - mx;
            sxy += dx * (l[j - 1 + t] - my);
            sxx += dx * dx;
        }
        return Math.Max(Math.Abs(sxy / sxx), spacingFloor);
    }

    /// <summary>The strongest gap i ≠ count among those that could be counted were there no cap (i ≤ countable).</summary>
    static (int Count, double Statistic) RunnerUp(double[] l, int count, int countable, double spacing)
    {
        var (best, statistic) = (0, 0.0);
        for (var i = 1; i <= countable; i++)
        {
            var s = (l[i - 1] - l[i]) / spacing;
            if (i != count && s > statistic) (best, statistic) = (i, s);
        }
        return (best, statistic);
    }
}
