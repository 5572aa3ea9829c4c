namespace HessianWeb.Client.Randomness;

/// <summary>
/// The 32-bit Mersenne Twister MT19937 (Matsumoto &amp; Nishimura, "Mersenne twister: a 623-dimensionally
/// equidistributed uniform pseudo-random number generator", 1998), seeded as its reference <c>init_genrand</c>,
/// which is also how numpy's legacy <c>RandomState(seed)</c> seeds it for an integer seed.
/// </summary>
public sealed class Mt19937
{
    const int N = 624;
    const int M = 397;
    const uint MatrixA = 0x9908B0DFu;
    const uint UpperMask = 0x80000000u;
    const uint LowerMask = 0x7FFFFFFFu;

    readonly uint[] state = new uint[N];
    int position;

    public Mt19937(uint seed)
    {
        state[0] = seed;
        for (var i = 1; i < N; i++)
            state[i] = unchecked(1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i);
        position = N; // the first draw regenerates the whole block
    }

    /// <summary>The next tempered 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (position >= N) Regenerate();
        var y = state[position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    void Regenerate()
    {
        for (var k = 0; k < N; k++)
        {
            var y = (state[k] & UpperMask) | (state[(k + 1) % N] & LowerMask);
            state[k] = state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }
        position = 0;
    }
}
