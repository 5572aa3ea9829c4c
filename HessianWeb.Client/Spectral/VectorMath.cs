using System.Numerics;
using System.Runtime.InteropServices;

namespace HessianWeb.Client.Spectral;

/// <summary>The few BLAS-1 kernels Lanczos needs, on spans, vectorised with <see cref="Vector{T}"/>.</summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
        var acc = Vector<double>.Zero;
        for (var i = 0; i < vx.Length; i++) acc += vx[i] * vy[i];
        var sum = Vector.Sum(acc);
        for (var i = vx.Length * Vector<double>.Count; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y ← y + a·x.</summary>
    public static void AddScaled(Span<double> y, double a, ReadOnlySpan<double> x)
    {
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var va = new Vector<double>(a);
        for (var i = 0; i < vy.Length; i++) vy[i] += va * vx[i];
        for (var i = vy.Length * Vector<double>.Count; i < y.Length; i++) y[i] += a * x[i];
    }

    /// <summary>max_i |x_i| (0 for an empty vector).</summary>
    public static double MaxAbs(ReadOnlySpan<double> x)
    {
        var max = 0.0;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    public static void RequireLength(ReadOnlySpan<double> x, int length, string name)
    {
        if (x.Length != length) throw new ArgumentException($"Expected a vector of length {length}, got {x.Length}.", name);
    }
}
