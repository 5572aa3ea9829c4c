using System.Numerics.Tensors;
using HessianWeb.Client.Randomness;
using HessianWeb.Client.Spectral;

namespace HessianWeb.Client.Bench;

/// <summary>
/// <c>dotnet run -c Release --project HessianWeb.Client -- bench kernels</c>: each vector kernel that Lanczos keeps by
/// hand against the <see cref="TensorPrimitives"/> calls that would do its work, one JSON object per line: median µs per
/// call of each, the two timed in interleaved rounds. A hand kernel earns its place while its ratio stays above 1.
/// </summary>
/// <remarks>The vectors have the curvature bench's dimension (its 784-256-256-10 MLP: 269,322 parameters), so they sit in
/// the last-level cache, not in L1, as in a Lanczos step; multi-row kernels take four rows, one of their groups.</remarks>
public static class KernelBench
{
    public const int Dimension = 269_322;

    public static void Run(TextWriter output, int n = Dimension, int warmup = 200, int repeats = 301)
    {
        ArgumentNullException.ThrowIfNull(output);
        var random = SeededRandom.For(RandomStream.Probes, 0);
        double[] Vector(int length) => Enumerable.Range(0, length).Select(_ => random.NextNormal()).ToArray();
        var (w, q, p, scratch) = (Vector(n), Vector(n), Vector(n), new double[n]);
        var (rows, narrow) = (Vector(4 * n), new float[n]);
        var narrowRows = rows.Select(v => (float)v).ToArray();
        int[] group = [0, 1, 2, 3];
        double[] c = [1e-3, -2e-3, 3e-3, -4e-3];
        var dots = new double[4];
        var sink = 0.0; // the results, kept so that no call is dropped as unused

        void Compare(string kernel, Action hand, Action primitives)
        {
            var times = Median.Interleaved(warmup, repeats, hand, primitives);
            CurvatureBench.Write(output, new
            {
                bench = "kernel", kernel, n, handUs = Us(times[0]), tensorPrimitivesUs = Us(times[1]), ratio = Math.Round(times[1] / times[0], 2),
            });
        }

        Compare("SubtractAndNormSquared", () => sink += LanczosKernels.SubtractAndNormSquared(w, 1e-3, q, 2e-3, p), () =>
        {
            TensorPrimitives.MultiplyAdd(q, -1e-3, w, w);
            TensorPrimitives.MultiplyAdd(p, -2e-3, w, w);
            sink += TensorPrimitives.SumOfSquares(w);
        });
        Compare("ScaleInto", () => LanczosKernels.ScaleInto(q, 0.3, scratch), () => TensorPrimitives.Multiply(q, 0.3, scratch));
        Compare("AddScaled", () => VectorMath.AddScaled(w, -1e-3, q), () => TensorPrimitives.MultiplyAdd(q, -1e-3, w, w));
        Compare("ScaleIntoBoth", () => RowKernels.ScaleIntoBoth(q, 0.3, scratch, narrow), () =>
        {
            TensorPrimitives.Multiply(q, 0.3, scratch);
            TensorPrimitives.ConvertTruncating<double, float>(scratch, narrow);
        });
        Compare("DotMany<double>", () => RowKernels.DotMany(new RowTable<double>(rows, n), group, w, dots), () =>
        {
            for (var r = 0; r < 4; r++) dots[r] = TensorPrimitives.Dot(rows.AsSpan(r * n, n), w);
        });
        Compare("DotMany<float>", () => RowKernels.DotMany(new RowTable<float>(narrowRows, n), group, w, dots), () =>
        {
            for (var r = 0; r < 4; r++)
            {
                TensorPrimitives.ConvertTruncating<float, double>(narrowRows.AsSpan(r * n, n), scratch);
                dots[r] = TensorPrimitives.Dot(scratch, w);
            }
        });
        Compare("SubtractManyAndNormSquared<double>", () => sink += RowKernels.SubtractManyAndNormSquared(w, new RowTable<double>(rows, n), group, c), () =>
        {
            for (var r = 0; r < 4; r++) TensorPrimitives.MultiplyAdd(rows.AsSpan(r * n, n), -c[r], w, w);
            sink += TensorPrimitives.SumOfSquares(w);
        });
        GC.KeepAlive(sink);
    }

    static double Us(double milliseconds) => Math.Round(1000 * milliseconds, 1);
}
