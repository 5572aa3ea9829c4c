using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Charts;

/// <summary>
/// Thins a series before it goes to the browser: an SVG chart slows down past a few thousand points
/// (docs/notes/frontend.md: 10,000 points took ~130 ms a redraw, 100,000 ~870 ms), while a screen a
/// thousand pixels wide shows no more.
/// </summary>
/// <remarks>
/// Min/max buckets (the "M4"-style reduction of Jugel et al., VLDB 2014, without the first/last per bucket):
/// the points keep their order, the first and last points stay, and each bucket of consecutive points
/// is replaced by its lowest and highest point, so a one-point spike survives and no value is invented.
/// On a sorted series (eigenvalues largest first) a bucket's min and max are its two ends, so the
/// curve keeps its steps exactly.
/// </remarks>
public static class Downsampling
{
    public const int MaxPoints = RitzValueSample.ChartPoints;

    /// <summary>
    /// At most <paramref name="maxPoints"/> of <paramref name="points"/> (x ascending), in their order;
    /// a series that fits already comes back unchanged.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> MinMax(IReadOnlyList<(double X, double Y)> points, int maxPoints = MaxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (points.Count <= maxPoints) return points;

        var kept = new List<(double X, double Y)>(maxPoints) { points[0] };
        foreach (var (start, end) in Buckets(points.Count, maxPoints))
        {
            int low = start, high = start;
            for (var i = start + 1; i < end; i++)
            {
                if (points[i].Y < points[low].Y) low = i;
                if (points[i].Y > points[high].Y) high = i;
            }
            // In index order, so x stays ascending.
            kept.Add(points[Math.Min(low, high)]);
            if (low != high) kept.Add(points[Math.Max(low, high)]);
        }
        kept.Add(points[^1]);
        return kept;
    }

    /// <summary>Eigenvalues in the order given (largest first), as points (index i from 1, λᵢ).</summary>
    public static IReadOnlyList<(double X, double Y)> Sorted(IReadOnlyList<double> values, int maxPoints = MaxPoints) =>
        MinMax(values.Select((v, i) => ((double)(i + 1), v)).ToList(), maxPoints);

    /// <summary>
    /// A band (x ascending, low ≤ high): each bucket becomes its envelope, drawn from the bucket's first x
    /// to its last, so the band never gets narrower than the points it stands for.
    /// </summary>
    public static IReadOnlyList<(double X, double Low, double High)> Envelope(
        IReadOnlyList<(double X, double Low, double High)> band, int maxPoints = MaxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (band.Count <= maxPoints) return band;

        var kept = new List<(double X, double Low, double High)>(maxPoints) { band[0] };
        foreach (var (start, end) in Buckets(band.Count, maxPoints))
        {
            double low = double.PositiveInfinity, high = double.NegativeInfinity;
            for (var i = start; i < end; i++)
            {
                low = Math.Min(low, band[i].Low);
                high = Math.Max(high, band[i].High);
            }
            kept.Add((band[start].X, low, high));
            if (end - 1 > start) kept.Add((band[end - 1].X, low, high));
        }
        kept.Add(band[^1]);
        return kept;
    }

    /// <summary>
    /// For a series that arrives a point at a time (epochs, iterations) and may grow to <paramref name="expected"/>
    /// points: the run of consecutive points that becomes one bucket, so that two points a bucket stay within budget.
    /// </summary>
    public static int BucketSize(long expected, int maxPoints = MaxPoints) =>
        (int)Math.Max(1, Math.Ceiling(expected / (maxPoints / 2.0)));

    /// <summary>A bucket's lowest and highest point, in their order (one point when they are the same).</summary>
    public static IEnumerable<(double X, double Y)> Extremes(IReadOnlyList<(double X, double Y)> bucket)
    {
        if (bucket.Count == 0) yield break;
        int low = 0, high = 0;
        for (var i = 1; i < bucket.Count; i++)
        {
            if (bucket[i].Y < bucket[low].Y) low = i;
            if (bucket[i].Y > bucket[high].Y) high = i;
        }
        yield return bucket[Math.Min(low, high)];
        if (low != high) yield return bucket[Math.Max(low, high)];
    }

    /// <summary>The points between the first and the last in (maxPoints − 2) / 2 runs of nearly equal length.</summary>
    static IEnumerable<(int Start, int End)> Buckets(int count, int maxPoints)
    {
        var interior = count - 2;
        var buckets = (maxPoints - 2) / 2;
        for (var b = 0; b < buckets; b++)
        {
            var start = 1 + (int)((long)interior * b / buckets);
            var end = 1 + (int)((long)interior * (b + 1) / buckets);
            if (end > start) yield return (start, end);
        }
    }
}
