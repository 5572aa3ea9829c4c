using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Spectral;

/// <summary>The row kernels of selective orthogonalisation, on float32 and float64 rows, against the sums written out.</summary>
public class RowKernelsTests
{
    // 37 is no multiple of any vector width, and five chosen rows cross a group of four, so every tail runs.
    const int N = 37;
    static readonly int[] Chosen = [5, 0, 3, 1, 4];

    static (double[] Rows, double[] W) Inputs()
    {
        var random = new Random(7);
        // Values a float32 holds exactly, so both row types see the same numbers.
        var rows = Enumerable.Range(0, 6 * N).Select(_ => (double)(float)(random.NextDouble() * 2 - 1)).ToArray();
        var w = Enumerable.Range(0, N).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return (rows, w);
    }

    static T[] As<T>(double[] values) => values.Select(v => (T)Convert.ChangeType(v, typeof(T))).ToArray();

    public static TheoryData<string> Types => new() { "float", "double" };

    [Theory]
    [MemberData(nameof(Types))]
    public void DotMany_equals_the_float64_sums(string type)
    {
        var (rows, w) = Inputs();
        var dots = new double[Chosen.Length];
        if (type == "float") RowKernels.DotMany<float>(As<float>(rows), N, Chosen, w, dots);
        else RowKernels.DotMany<double>(rows, N, Chosen, w, dots);
        for (var r = 0; r < Chosen.Length; r++)
            Assert.Equal(Enumerable.Range(0, N).Sum(k => rows[Chosen[r] * N + k] * w[k]), dots[r], 1e-13);
    }

    [Theory]
    [InlineData("float", 1)]
    [InlineData("float", 4)]
    [InlineData("float", 5)]
    [InlineData("double", 1)]
    [InlineData("double", 5)]
    public void SubtractMany_removes_each_scaled_row_and_returns_the_new_norm_squared(string type, int count)
    {
        var (rows, w) = Inputs();
        var chosen = Chosen[..count];
        var c = chosen.Select((_, r) => 0.25 * (r + 1)).ToArray();
        var expected = (double[])w.Clone();
        for (var r = 0; r < count; r++)
            for (var k = 0; k < N; k++) expected[k] -= c[r] * rows[chosen[r] * N + k];

        var normSquared = type == "float"
            ? RowKernels.SubtractManyAndNormSquared<float>(w, As<float>(rows), N, chosen, c)
            : RowKernels.SubtractManyAndNormSquared<double>(w, rows, N, chosen, c);

        for (var k = 0; k < N; k++) Assert.Equal(expected[k], w[k], 1e-13);
        Assert.Equal(expected.Sum(x => x * x), normSquared, 1e-12);
    }
}
