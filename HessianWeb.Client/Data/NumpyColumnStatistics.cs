namespace HessianWeb.Client.Data;

/// <summary>
/// Column sums, means and population standard deviations of a row-major n × d array, in numpy's order of
/// additions, so that results match <c>np.nanmean(X, axis=0)</c> and <c>np.nanstd(X, axis=0)</c> bit for bit.
/// </summary>
/// <remarks>
/// numpy reduces along axis 0 of a C-ordered array by adding whole rows into the result one after another, so each
/// column's sum is a plain left-to-right sum. When d = 1 the reduced axis is the contiguous one and numpy's add
/// loop sums it pairwise instead (<c>pairwise_sum</c> in numpy's <c>loops_utils.h</c>): eight running sums in
/// blocks of up to 128, halving longer runs at a multiple of eight; it is handed the column 8,192 elements (numpy's
/// buffer size) at a time, so longer columns add up those chunks' sums left to right. Which order applies was checked against
/// numpy 1.24 output (HessianWeb.Tests/Client/Data/ScikitLearnBlobsTests).
/// </remarks>
internal static class NumpyColumnStatistics
{
    const int PairwiseBlock = 128;
    /// <summary>numpy's default ufunc buffer size: a reduction hands its add loop at most this many elements at a time.</summary>
    const int BufferSize = 8192;

    public static double[] Sums(double[] values, int rows, int d)
    {
        var sums = new double[d];
        if (d == 1)
        {
            // The result starts at add's identity, 0, and takes one pairwise sum per buffer-sized chunk.
            for (var start = 0; start < rows; start += BufferSize)
                sums[0] += PairwiseSum(values.AsSpan(start, Math.Min(BufferSize, rows - start)));
            return sums;
        }
        for (var i = 0; i < rows; i++)
            for (var f = 0; f < d; f++) sums[f] += values[i * d + f];
        return sums;
    }

    /// <summary><c>np.nanmean(X, axis=0)</c> of an array without NaNs: the column sums over the count.</summary>
    public static double[] Means(double[] values, int rows, int d)
    {
        var sums = Sums(values, rows, d);
        for (var f = 0; f < d; f++) sums[f] /= rows;
        return sums;
    }

    /// <summary><c>np.nanstd(X, axis=0)</c>: the root of the mean of squared deviations from the column means.</summary>
    public static double[] PopulationStds(double[] values, int rows, int d)
    {
        var means = Means(values, rows, d);
        var squares = new double[rows * d];
        for (var i = 0; i < rows; i++)
            for (var f = 0; f < d; f++)
            {
                var deviation = values[i * d + f] - means[f];
                squares[i * d + f] = deviation * deviation;
            }
        var variances = Sums(squares, rows, d);
        for (var f = 0; f < d; f++) variances[f] = Math.Sqrt(variances[f] / rows);
        return variances;
    }

    static double PairwiseSum(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += a[i];
            return sum;
        }
        if (n <= PairwiseBlock)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            var i = 8;
            for (; i < n - n % 8; i += 8)
                for (var j = 0; j < 8; j++) r[j] += a[i + j];
            var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) result += a[i];
            return result;
        }
        var half = n / 2;
        half -= half % 8;
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
    }
}
