using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// Products of a float64 vector w with rows of float32 or float64 values, accumulated in float64 (a float32 value widens
/// exactly, so the rows' type costs nothing beyond their own rounding). The rows are the frozen Ritz vectors of
/// selective orthogonalisation (<see cref="FrozenRitzVectors"/>), kept in the operator's precision to halve the memory a
/// float32 model's step reads.
/// </summary>
/// <remarks>The work is memory-bound, so each kernel reads w once per group of four rows rather than once per row. T is
/// float or double; the JIT compiles each apart and drops the other's branch.</remarks>
internal static class RowKernels
{
    const int Group = 4;

    /// <summary>Values per chunk: one Vector&lt;float&gt;'s worth, i.e. two Vector&lt;double&gt;s.</summary>
    static int Chunk => Vector<float>.Count;

    /// <summary>dots[r] = y_rᵀw, y_r the row <c>chosen[r]</c> of <paramref name="rows"/> (rows of length n).</summary>
    public static void DotMany<T>(ReadOnlySpan<T> rows, int n, ReadOnlySpan<int> chosen, ReadOnlySpan<double> w, Span<double> dots)
        where T : unmanaged
    {
        Span<double> group = stackalloc double[Group];
        for (var r0 = 0; r0 < chosen.Length; r0 += Group)
        {
            var count = Math.Min(Group, chosen.Length - r0);
            DotFour(Row(rows, n, chosen, r0, 0, count), Row(rows, n, chosen, r0, 1, count),
                Row(rows, n, chosen, r0, 2, count), Row(rows, n, chosen, r0, 3, count), w, group);
            group[..count].CopyTo(dots[r0..]);
        }
    }

    /// <summary>w ← w − Σ_r c_r·y_r (rows as in <see cref="DotMany{T}"/>), returning the new ‖w‖².</summary>
    public static double SubtractManyAndNormSquared<T>(Span<double> w, ReadOnlySpan<T> rows, int n, ReadOnlySpan<int> chosen, ReadOnlySpan<double> c)
        where T : unmanaged
    {
        if (chosen.Length == 0) return LanczosKernels.Dot(w, w);
        var sum = 0.0;
        for (var r0 = 0; r0 < chosen.Length; r0 += Group)
        {
            var count = Math.Min(Group, chosen.Length - r0);
            sum = SubtractFour(w, Row(rows, n, chosen, r0, 0, count), Row(rows, n, chosen, r0, 1, count),
                Row(rows, n, chosen, r0, 2, count), Row(rows, n, chosen, r0, 3, count),
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
        for (var k = 0; k < source.Length; k++) single[k] = (float)(source[k] * scale);
    }

    /// <summary>Member <paramref name="index"/> of the group at <paramref name="first"/>; a group short of four repeats its first row (with a zero coefficient).</summary>
    static ReadOnlySpan<T> Row<T>(ReadOnlySpan<T> rows, int n, ReadOnlySpan<int> chosen, int first, int index, int count) =>
        rows.Slice(chosen[first + (index < count ? index : 0)] * n, n);

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
