using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Client.Spectral;

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
        if (type == "float") RowKernels.DotMany(new RowTable<float>(As<float>(rows), N), Chosen, w, dots);
        else RowKernels.DotMany(new RowTable<double>(rows, N), Chosen, w, dots);
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
            ? RowKernels.SubtractManyAndNormSquared(w, new RowTable<float>(As<float>(rows), N), chosen, c)
            : RowKernels.SubtractManyAndNormSquared(w, new RowTable<double>(rows, N), chosen, c);

        for (var k = 0; k < N; k++) Assert.Equal(expected[k], w[k], 1e-13);
        Assert.Equal(expected.Sum(x => x * x), normSquared, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Combine_forms_every_output_from_the_rows_across_column_blocks(string type)
    {
        // Two column blocks of 16,384 and a tail; five rows from offset 1 cross a group of four.
        const int n = 2 * 16_384 + 37;
        var random = new Random(3);
        var rows = Enumerable.Range(0, 6 * n).Select(_ => (double)(float)(random.NextDouble() * 2 - 1)).ToArray();
        double[][] c = [[0.5, -1, 0.25, 2, -0.75], [1, 0, 0, 0, 3], [-2, 0.125, 1, -1, 0.5]];
        var formed = new double[c.Length * n];

        if (type == "float") RowKernels.Combine(new RowTable<float>(As<float>(rows), n), 1, c, new RowTable<double>(formed, n));
        else RowKernels.Combine(new RowTable<double>(rows, n), 1, c, new RowTable<double>(formed, n));

        for (var r = 0; r < c.Length; r++)
            for (var k = 0; k < n; k += 97)
            {
                var expected = Enumerable.Range(0, 5).Sum(i => c[r][i] * rows[(1 + i) * n + k]);
                Assert.Equal(expected, formed[r * n + k], 1e-13);
            }
        Assert.Equal(Enumerable.Range(0, 5).Sum(i => c[2][i] * rows[(1 + i) * n + n - 1]), formed[3 * n - 1], 1e-13);
    }

    [Fact]
    public void ScaleIntoBoth_writes_the_scaled_vector_and_its_float32_rounding()
    {
        var random = new Random(4);
        var source = Enumerable.Range(0, N * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var (wide, narrow, alone) = (new double[source.Length], new float[source.Length], new float[source.Length]);

        RowKernels.ScaleIntoBoth(source, 1 / 3.0, wide, narrow);
        RowKernels.ScaleInto<float>(source, 1 / 3.0, alone);

        Assert.Equal(source.Select(x => x * (1 / 3.0)), wide);
        Assert.Equal(source.Select(x => (float)(x * (1 / 3.0))), narrow);
        Assert.Equal(narrow, alone);
    }
}
