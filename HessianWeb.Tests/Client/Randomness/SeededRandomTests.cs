using HessianWeb.Client.Randomness;

namespace HessianWeb.Tests.Client.Randomness;

public class SeededRandomTests
{
    [Theory]
    // Reference values of xoshiro256** seeded through SplitMix64, from an independent implementation.
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL)]
    [InlineData(42UL, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL)]
    public void The_stream_is_xoshiro256_star_star_seeded_by_splitmix64(ulong seed, ulong first, ulong second, ulong third)
    {
        var random = new SeededRandom(seed);
        Assert.Equal([first, second, third], new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void Streams_for_different_purposes_differ_for_the_same_seed()
    {
        var data = SeededRandom.For(RandomStream.Data, 0).NextUInt64();
        var weights = SeededRandom.For(RandomStream.Weights, 0).NextUInt64();
        Assert.NotEqual(data, weights);
        Assert.Equal(data, SeededRandom.For(RandomStream.Data, 0).NextUInt64());
    }

    [Fact]
    public void Normal_deviates_have_mean_zero_and_unit_variance()
    {
        // 200,000 draws: the sample mean's standard error is 0.0022, the variance's 0.0032; allow five of each.
        var random = new SeededRandom(123);
        var samples = Enumerable.Range(0, 200_000).Select(_ => random.NextNormal()).ToArray();
        var mean = samples.Average();
        var variance = samples.Sum(x => (x - mean) * (x - mean)) / samples.Length;
        Assert.InRange(mean, -0.011, 0.011);
        Assert.InRange(variance, 1 - 0.016, 1 + 0.016);
    }

    [Fact]
    public void Bounded_integers_stay_in_range_and_cover_it()
    {
        var random = new SeededRandom(5);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[random.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void Doubles_lie_in_the_unit_interval()
    {
        var random = new SeededRandom(77);
        Assert.All(Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()), x => Assert.InRange(x, 0.0, 0.9999999999999999));
    }

    [Fact]
    public void A_shuffle_is_a_permutation()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        new SeededRandom(1).Shuffle(items.AsSpan());
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
    }
}
