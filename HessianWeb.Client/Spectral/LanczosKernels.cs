using System.Numerics;
using System.Runtime.InteropServices;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// The per-step vector work of the Lanczos recurrence, fused so that each step reads its vectors as few times as it
/// can (the products and the sweeps aside, a step is memory-bound): α = qᵀw; w ← w − α·q − β·q_prev with ‖w‖² in the
/// same pass; q_next = w/β. α = qᵀw itself is <see cref="System.Numerics.Tensors.TensorPrimitives.Dot{T}"/>.
/// </summary>
internal static class LanczosKernels
{
    // Kept: TensorPrimitives needs three passes (MultiplyAdd twice, SumOfSquares), 4.0× slower in `bench kernels` (384 vs 97 µs, median of 5 runs).
    /// <summary>w ← w − α·q − β·p (p ignored when β = 0), returning the new ‖w‖².</summary>
    public static double SubtractAndNormSquared(Span<double> w, double alpha, ReadOnlySpan<double> q, double beta, ReadOnlySpan<double> p)
    {
        var vw = MemoryMarshal.Cast<double, Vector<double>>(w);
        var vq = MemoryMarshal.Cast<double, Vector<double>>(q);
        var va = new Vector<double>(alpha);
        Vector<double> s0 = default, s1 = default;
        var tail = vw.Length * Vector<double>.Count;
        double sum;
        if (beta == 0)
        {
            for (var i = 0; i < vw.Length; i++)
            {
                var x = vw[i] - va * vq[i];
                vw[i] = x;
                if ((i & 1) == 0) s0 += x * x; else s1 += x * x;
            }
            sum = Vector.Sum(s0 + s1);
            for (var k = tail; k < w.Length; k++)
            {
                w[k] -= alpha * q[k];
                sum += w[k] * w[k];
            }
            return sum;
        }
        var vp = MemoryMarshal.Cast<double, Vector<double>>(p);
        var vb = new Vector<double>(beta);
        for (var i = 0; i < vw.Length; i++)
        {
            var x = vw[i] - va * vq[i] - vb * vp[i];
            vw[i] = x;
            if ((i & 1) == 0) s0 += x * x; else s1 += x * x;
        }
        sum = Vector.Sum(s0 + s1);
        for (var k = tail; k < w.Length; k++)
        {
            w[k] = w[k] - alpha * q[k] - beta * p[k];
            sum += w[k] * w[k];
        }
        return sum;
    }

    // Kept: TensorPrimitives.Multiply is 1.35× slower in `bench kernels` (134 vs 126 µs median, ratios 0.7–1.6 over 5 runs).
    /// <summary>destination ← scale·source.</summary>
    public static void ScaleInto(ReadOnlySpan<double> source, double scale, Span<double> destination)
    {
        var vs = MemoryMarshal.Cast<double, Vector<double>>(source);
        var vd = MemoryMarshal.Cast<double, Vector<double>>(destination);
        var vscale = new Vector<double>(scale);
        for (var i = 0; i < vs.Length; i++) vd[i] = vs[i] * vscale;
        for (var k = vs.Length * Vector<double>.Count; k < source.Length; k++) destination[k] = source[k] * scale;
    }
}
