using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// Products of a float64 vector w with rows of float32 or float64 values, accumulated in float64 (a float32 value widens
/// exactly, so the rows' type costs nothing beyond their own rounding). The rows are the frozen Ritz vectors of
/// selective orthogonalisation (<see cref="FrozenRitzVectors"/>), kept in the operator's precision to halve the memory a
/// float32 model's step reads.
/// </summary>
/// <remarks>Kept over TensorPrimitives, which takes a row at a time and float32 rows only through a widening copy; in
/// `bench kernels` (medians of 5 runs) that way is slower for DotMany (float64 rows 1.6×, float32 rows 2.5×),
/// SubtractManyAndNormSquared (3.6×; Combine is the same loop) and ScaleIntoBoth (2.1×).
/// The work is memory-bound, so each kernel reads w once per group of four rows rather than once per row. T is
/// float or double; the JIT compiles each apart and drops the other's branch.</remarks>
internal static class RowKernels
{
    const int Group = 4;

    /// <summary>Values per chunk: one Vector&lt;float&gt;'s worth, i.e. two Vector&lt;double&gt;s.</summary>
    static int Chunk => Vector<float>.Count;

    /// <summary>dots[r] = y_rᵀw, y_r the row <c>chosen[r]</c> of <paramref name="rows"/>.</summary>
    public static void DotMany<T>(RowTable<T> rows, ReadOnlySpan<int> chosen, ReadOnlySpan<double> w, Span<double> dots)
        where T : unmanaged
    {
        Span<double> group = stackalloc double[Group];
        for (var r0 = 0; r0 < chosen.Length; r0 += Group)
        {
            var count = Math.Min(Group, chosen.Length - r0);
            DotFour(Row(rows, chosen, r0, 0, count), Row(rows, chosen, r0, 1, count),
                Row(rows, chosen, r0, 2, count), Row(rows, chosen, r0, 3, count), w, group);
            group[..count].CopyTo(dots[r0..]);
        }
    }

    /// <summary>w ← w − Σ_r c_r·y_r (rows as in <see cref="DotMany{T}"/>), returning the new ‖w‖².</summary>
    public static double SubtractManyAndNormSquared<T>(Span<double> w, RowTable<T> rows, ReadOnlySpan<int> chosen, ReadOnlySpan<double> c)
        where T : unmanaged
    {
        if (chosen.Length == 0) return TensorPrimitives.SumOfSquares(w);
        var sum = 0.0;
        for (var r0 = 0; r0 < chosen.Length; r0 += Group)
        {
            var count = Math.Min(Group, chosen.Length - r0);
            sum = SubtractFour(w, Row(rows, chosen, r0, 0, count), Row(rows, chosen, r0, 1, count),
                Row(rows, chosen, r0, 2, count), Row(rows, chosen, r0, 3, count),
                c[r0], count > 1 ? c[r0 + 1] : 0, count > 2 ? c[r0 + 2] : 0, count > 3 ? c[r0 + 3] : 0, norm: r0 + Group >= chosen.Length);
        }
        return sum;
    }

    /// <summary>destination ← scale·source, rounded to T.</summary>
    public static void ScaleInto<T>(ReadOnlySpan<double> source, double scale, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            LanczosKernels.ScaleInto(source, scale, MemoryMarshal.Cast<T, double>(destination));
            return;
        }
        var single = MemoryMarshal.Cast<T, float>(destination);
        var vs = MemoryMarshal.Cast<double, Vector<double>>(source);
        var vd = MemoryMarshal.Cast<float, Vector<float>>(single);
        var vscale = new Vector<double>(scale);
        var chunks = source.Length / Chunk;
        for (var i = 0; i < chunks; i++) vd[i] = Vector.Narrow(vs[2 * i] * vscale, vs[2 * i + 1] * vscale);
        for (var k = chunks * Chunk; k < source.Length; k++) single[k] = (float)(source[k] * scale);
    }

    /// <summary>
    /// wide ← scale·source and narrow ← the same rounded to float32, in one pass: the newest Lanczos vector kept exact for
    /// the recurrence and rounded into the basis.
    /// </summary>
    public static void ScaleIntoBoth(ReadOnlySpan<double> source, double scale, Span<double> wide, Span<float> narrow)
    {
        var vs = MemoryMarshal.Cast<double, Vector<double>>(source);
        var vw = MemoryMarshal.Cast<double, Vector<double>>(wide);
        var vn = MemoryMarshal.Cast<float, Vector<float>>(narrow);
        var vscale = new Vector<double>(scale);
        var chunks = source.Length / Chunk;
        for (var i = 0; i < chunks; i++)
        {
            var lo = vs[2 * i] * vscale;
            var hi = vs[2 * i + 1] * vscale;
            vw[2 * i] = lo;
            vw[2 * i + 1] = hi;
            vn[i] = Vector.Narrow(lo, hi);
        }
        for (var k = chunks * Chunk; k < source.Length; k++)
        {
            wide[k] = source[k] * scale;
            narrow[k] = (float)wide[k];
        }
    }

    /// <summary>
    /// Values per column block of <see cref="Combine{T}"/>: an output's block (128 KiB in float64) and a group's four
    /// row blocks stay in L2 while they are added up, and each row is still read in long runs (measured on this machine:
    /// shorter blocks, 1,024–4,096 values, were up to twice as slow).
    /// </summary>
    const int CombineBlock = 16_384;

    /// <summary>
    /// Row r of <paramref name="destination"/> ← Σ_k c[r][k]·y_{offset+k}, accumulated in float64: the rows are read
    /// once for all outputs, a column block at a time.
    /// </summary>
    public static void Combine<T>(RowTable<T> rows, int offset, double[][] c, RowTable<double> destination) where T : unmanaged
    {
        var (n, length) = (rows.Length, c[0].Length);
        for (var r = 0; r < c.Length; r++) destination[r].Clear();
        for (var start = 0; start < n; start += CombineBlock)
        {
            var width = Math.Min(CombineBlock, n - start);
            for (var r = 0; r < c.Length; r++)
            {
                var y = destination[r].Slice(start, width);
                var cr = c[r];
                for (var k0 = 0; k0 < length; k0 += Group)
                {
                    var count = Math.Min(Group, length - k0);
                    // y − (−c)·rows: the subtraction kernel with the signs turned (measured as fast as a dedicated sum).
                    SubtractFour(y, Block(rows, offset + k0, 0, count, start, width), Block(rows, offset + k0, 1, count, start, width),
                        Block(rows, offset + k0, 2, count, start, width), Block(rows, offset + k0, 3, count, start, width),
                        -cr[k0], count > 1 ? -cr[k0 + 1] : 0, count > 2 ? -cr[k0 + 2] : 0, count > 3 ? -cr[k0 + 3] : 0, norm: false);
                }
            }
        }
    }

    /// <summary>Columns start … start + width − 1 of member <paramref name="index"/> of the group of consecutive rows at <paramref name="first"/>.</summary>
    static ReadOnlySpan<T> Block<T>(RowTable<T> rows, int first, int index, int count, int start, int width) where T : unmanaged =>
        rows[first + (index < count ? index : 0)].Slice(start, width);

    /// <summary>Member <paramref name="index"/> of the group at <paramref name="first"/>; a group short of four repeats its first row (with a zero coefficient).</summary>
    static ReadOnlySpan<T> Row<T>(RowTable<T> rows, ReadOnlySpan<int> chosen, int first, int index, int count) where T : unmanaged =>
        rows[chosen[first + (index < count ? index : 0)]];

    /// <summary>Chunk i of a row as two float64 vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Load<T>(ref T row, int i, out Vector<double> lo, out Vector<double> hi) where T : unmanaged
    {
        var offset = (nuint)(i * Chunk);
        if (typeof(T) == typeof(float))
        {
            Vector.Widen(Vector.LoadUnsafe(ref Unsafe.As<T, float>(ref row), offset), out lo, out hi);
            return;
        }
        ref var d = ref Unsafe.As<T, double>(ref row);
        lo = Vector.LoadUnsafe(ref d, offset);
        hi = Vector.LoadUnsafe(ref d, offset + (nuint)Vector<double>.Count);
    }

    static double Value<T>(ReadOnlySpan<T> row, int k) where T : unmanaged =>
        typeof(T) == typeof(float) ? MemoryMarshal.Cast<T, float>(row)[k] : MemoryMarshal.Cast<T, double>(row)[k];

    static void DotFour<T>(ReadOnlySpan<T> y0, ReadOnlySpan<T> y1, ReadOnlySpan<T> y2, ReadOnlySpan<T> y3, ReadOnlySpan<double> w, Span<double> dots)
        where T : unmanaged
    {
        ref var r0 = ref MemoryMarshal.GetReference(y0);
        ref var r1 = ref MemoryMarshal.GetReference(y1);
        ref var r2 = ref MemoryMarshal.GetReference(y2);
        ref var r3 = ref MemoryMarshal.GetReference(y3);
        var vw = MemoryMarshal.Cast<double, Vector<double>>(w);
        var chunks = w.Length / Chunk;
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var i = 0; i < chunks; i++)
        {
            var (wlo, whi) = (vw[2 * i], vw[2 * i + 1]);
            Load(ref r0, i, out var lo, out var hi);
            a0 += lo * wlo + hi * whi;
            Load(ref r1, i, out lo, out hi);
            a1 += lo * wlo + hi * whi;
            Load(ref r2, i, out lo, out hi);
            a2 += lo * wlo + hi * whi;
            Load(ref r3, i, out lo, out hi);
            a3 += lo * wlo + hi * whi;
        }
        double d0 = Vector.Sum(a0), d1 = Vector.Sum(a1), d2 = Vector.Sum(a2), d3 = Vector.Sum(a3);
        for (var k = chunks * Chunk; k < w.Length; k++)
        {
            d0 += Value(y0, k) * w[k];
            d1 += Value(y1, k) * w[k];
            d2 += Value(y2, k) * w[k];
            d3 += Value(y3, k) * w[k];
        }
        (dots[0], dots[1], dots[2], dots[3]) = (d0, d1, d2, d3);
    }

    /// <summary>w ← w − c0·y0 − … − c3·y3; ‖w‖² when <paramref name="norm"/>, else 0.</summary>
    static double SubtractFour<T>(Span<double> w, ReadOnlySpan<T> y0, ReadOnlySpan<T> y1, ReadOnlySpan<T> y2, ReadOnlySpan<T> y3,
        double c0, double c1, double c2, double c3, bool norm) where T : unmanaged
    {
        ref var r0 = ref MemoryMarshal.GetReference(y0);
        ref var r1 = ref MemoryMarshal.GetReference(y1);
        ref var r2 = ref MemoryMarshal.GetReference(y2);
        ref var r3 = ref MemoryMarshal.GetReference(y3);
        var vw = MemoryMarshal.Cast<double, Vector<double>>(w);
        var chunks = w.Length / Chunk;
        var (k0, k1, k2, k3) = (new Vector<double>(c0), new Vector<double>(c1), new Vector<double>(c2), new Vector<double>(c3));
        Vector<double> s0 = default, s1 = default;
        for (var i = 0; i < chunks; i++)
        {
            Load(ref r0, i, out var lo0, out var hi0);
            Load(ref r1, i, out var lo1, out var hi1);
            Load(ref r2, i, out var lo2, out var hi2);
            Load(ref r3, i, out var lo3, out var hi3);
            var lo = vw[2 * i] - k0 * lo0 - k1 * lo1 - k2 * lo2 - k3 * lo3;
            var hi = vw[2 * i + 1] - k0 * hi0 - k1 * hi1 - k2 * hi2 - k3 * hi3;
            vw[2 * i] = lo;
            vw[2 * i + 1] = hi;
            s0 += lo * lo;
            s1 += hi * hi;
        }
        var sum = Vector.Sum(s0 + s1);
        for (var k = chunks * Chunk; k < w.Length; k++)
        {
            w[k] = w[k] - c0 * Value(y0, k) - c1 * Value(y1, k) - c2 * Value(y2, k) - c3 * Value(y3, k);
            sum += w[k] * w[k];
        }
        return norm ? sum : 0;
    }
}
