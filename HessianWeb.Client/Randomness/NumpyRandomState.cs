namespace HessianWeb.Client.Randomness;

/// <summary>
/// The draws of numpy's legacy <c>numpy.random.RandomState(seed)</c> that scikit-learn's <c>make_blobs</c> and
/// <c>utils.shuffle</c> make, reproduced bit for bit so a spec's seed gives the same data as the authors' Python.
/// </summary>
/// <remarks>
/// Facts of numpy's legacy stream (numpy 1.24, <c>legacy-distributions.c</c>, <c>distributions.c</c>, <c>mt19937.c</c>):
/// a double takes two 32-bit words, (a≫5 · 2^26 + b≫6) / 2^53; <c>uniform(low, high)</c> is low + (high − low)·double;
/// a standard normal comes from the Marsaglia polar method, keeping the pair's second value for the next call
/// (the cache lives in the state, so it carries across separate <c>normal</c> calls); <c>normal(loc, scale)</c> is
/// loc + scale·gauss; <c>shuffle</c> is Fisher–Yates from the last index down, each index drawn by masked rejection
/// on 32-bit words. <c>log</c> and <c>sqrt</c> are the platform's libm, as numpy's C calls them.
/// </remarks>
public sealed class NumpyRandomState
{
    readonly Mt19937 twister;
    double? cachedGauss;

    /// <summary>numpy accepts integer seeds in [0, 2^32 − 1] only.</summary>
    public NumpyRandomState(long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seed, uint.MaxValue);
        twister = new Mt19937((uint)seed);
    }

    public uint NextUInt32() => twister.NextUInt32();

    /// <summary>Uniform on [0, 1) with 53 random bits (<c>random_sample</c>).</summary>
    public double NextDouble()
    {
        var a = twister.NextUInt32() >> 5;
        var b = twister.NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c>: the range is computed once, as numpy does.</summary>
    public double Uniform(double low, double high)
    {
        var range = high - low;
        return low + range * NextDouble();
    }

    /// <summary><c>standard_normal()</c>: the legacy polar method with its cached second value.</summary>
    public double StandardNormal()
    {
        if (cachedGauss is { } cached)
        {
            cachedGauss = null;
            return cached;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        cachedGauss = f * x1;
        return f * x2;
    }

    /// <summary><c>normal(loc, scale)</c>.</summary>
    public double Normal(double loc, double scale) => loc + scale * StandardNormal();

    /// <summary>
    /// Uniform on {0, …, max} (numpy's <c>random_interval</c>): the smallest all-ones mask covering max, 32-bit words
    /// drawn and masked until one is at most max.
    /// </summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = twister.NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary><c>shuffle(x)</c> of a one-dimensional array: for i from n − 1 down to 1, swap x[i] with x[Interval(i)].</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
