namespace HessianWeb.Client.Randomness;

/// <summary>
/// A seeded pseudo-random stream whose algorithm we own, so a seed in a stored spec reproduces the same
/// data, initial weights, batch order and Lanczos start vector on every .NET version (System.Random's
/// algorithm is an implementation detail that may change).
/// </summary>
/// <remarks>
/// xoshiro256** (Blackman &amp; Vigna, "Scrambled linear pseudorandom number generators", 2018), its state
/// filled from the seed by SplitMix64 as the authors recommend. Doubles take the top 53 bits; normal
/// deviates come from the Box–Muller transform (Box &amp; Muller 1958), both values of each pair used.
/// Normal deviates go through Math.Log/Sin/Cos, so they match bit for bit on one platform's libm.
/// </remarks>
public sealed class SeededRandom
{
    ulong s0, s1, s2, s3;
    double? spareNormal;

    public SeededRandom(ulong seed)
    {
        var x = seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    public SeededRandom(int seed) : this(unchecked((ulong)seed)) { }

    /// <summary>
    /// The stream for one purpose: the spec's seeds default to 0 everywhere, and data, weights, batch order
    /// and start vectors must not be drawn from one and the same sequence.
    /// </summary>
    public static SeededRandom For(RandomStream stream, int seed) =>
        new(unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream << 56));

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on [low, high).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform on {0, …, bound − 1}, without modulo bias (Lemire 2019, rejection on the low word).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var range = (ulong)bound;
        var threshold = (0UL - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>Standard normal N(0, 1).</summary>
    public double NextNormal()
    {
        if (spareNormal is { } spare)
        {
            spareNormal = null;
            return spare;
        }
        var u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        spareNormal = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    public double NextNormal(double mean, double std) => mean + std * NextNormal();

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
