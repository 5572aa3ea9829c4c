using HessianWeb.Client.Randomness;

namespace HessianWeb.Tests.Client.Randomness;

public class Mt19937Tests
{
    [Fact]
    public void Init_genrand_5489_gives_the_reference_outputs()
    {
        // The first outputs of Matsumoto & Nishimura's mt19937ar.c after init_genrand(5489), and its 10,000th output,
        // 4123659995, which C++11 also requires of std::mt19937 default-seeded ([rand.predef]).
        var twister = new Mt19937(5489);
        uint[] first = [3499211612, 581869302, 3890346734, 3586334585, 545404204, 4161255391, 3922919429, 949333985, 2715962298, 1323567403];
        Assert.Equal(first, Enumerable.Range(0, first.Length).Select(_ => twister.NextUInt32()));
        for (var i = first.Length + 1; i < 10_000; i++) twister.NextUInt32();
        Assert.Equal(4123659995u, twister.NextUInt32());
    }

    [Fact]
    public void Numpy_refuses_seeds_outside_32_bits_and_so_does_its_copy()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(1L << 32));
    }

    [Fact]
    public void Interval_stays_within_its_bound_and_reaches_both_ends()
    {
        var random = new NumpyRandomState(3);
        var draws = Enumerable.Range(0, 2000).Select(_ => random.Interval(5)).ToArray();
        Assert.All(draws, v => Assert.InRange(v, 0u, 5u));
        Assert.Contains(0u, draws);
        Assert.Contains(5u, draws);
    }
}
