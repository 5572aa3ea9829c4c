using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// The Lanczos vectors q_0, q_1, … as the rows of one float64 CPU tensor [capacity × n], so that a sweep of
/// reorthogonalisation is two matrix–vector products (BLAS dgemv) over the rows filled so far rather than a loop of
/// dot products. The tensor is reserved at full capacity, but the operating system commits its pages only as rows are
/// written: memory follows the steps actually taken. The tensor comes from, and goes back to, <see cref="BasisMemory"/>.
/// </summary>
internal sealed class LanczosBasis : IDisposable
{
    readonly Tensor rows;

    public LanczosBasis(int dimension, int capacity)
    {
        if (dimension < 1 || capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "A basis needs at least one row of one value.");
        Dimension = dimension;
        Capacity = capacity;
        rows = BasisMemory.Rent(capacity, dimension);
    }

    public int Dimension { get; }
    public int Capacity { get; }
    public int Count { get; private set; }

    /// <summary>
    /// Row r of the result ← Σ_k c_{r,k}·q_{offset+k}, each r one Ritz vector, formed by one read of the basis for all
    /// of them: a float64 tensor [coefficients.Length × Dimension] the caller disposes. <paramref name="coefficients"/>[r]
    /// all have the same length.
    /// </summary>
    public Tensor Combine(int offset, double[][] coefficients)
    {
        var length = coefficients[0].Length;
        if (offset < 0 || offset + length > Count) throw new ArgumentOutOfRangeException(nameof(coefficients));
        var flat = new double[coefficients.Length * length];
        for (var r = 0; r < coefficients.Length; r++) coefficients[r].CopyTo(flat, r * length);
        using var scope = torch.NewDisposeScope();
        var c = torch.tensor(flat, [coefficients.Length, length], dtype: ScalarType.Float64);
        return c.mm(rows.narrow(0, offset, length)).MoveToOuterDisposeScope();
    }

    /// <summary>Row i as a tensor view; dispose it (or create it inside a dispose scope).</summary>
    public Tensor RowTensor(int i) => rows[i];

    /// <summary>Row i in place: the tensor's own memory, valid until the basis is disposed.</summary>
    public ReadOnlySpan<double> Row(int i)
    {
        using var view = rows[i];
        return MemoryMarshal.Cast<byte, double>(view.bytes);
    }

    /// <summary>Appends <paramref name="vector"/>·<paramref name="scale"/> as the next row.</summary>
    public void Append(ReadOnlySpan<double> vector, double scale)
    {
        if (Count == Capacity) throw new InvalidOperationException($"The basis holds at most {Capacity} vectors.");
        using var view = rows[Count];
        LanczosKernels.ScaleInto(vector, scale, MemoryMarshal.Cast<byte, double>(view.bytes));
        Count++;
    }

    /// <summary>One classical Gram–Schmidt pass against every row: w ← w − V·(Vᵀw).</summary>
    public void Orthogonalise(Tensor w)
    {
        if (Count == 0) return;
        using var scope = torch.NewDisposeScope();
        var filled = rows.narrow(0, 0, Count);
        var projections = filled.mv(w);
        w.addmv_(filled.t(), projections, beta: 1, alpha: -1);
    }

    /// <summary>Σ_i c_i·q_{offset+i}: a Ritz vector from the coefficients of an eigenvector of T.</summary>
    public double[] Combine(int offset, ReadOnlySpan<double> coefficients)
    {
        using var scope = torch.NewDisposeScope();
        var c = torch.tensor(coefficients.ToArray(), dtype: ScalarType.Float64);
        return rows.narrow(0, offset, coefficients.Length).t().mv(c).data<double>().ToArray();
    }

    /// <summary>Forgets every row (the memory stays reserved for the next run).</summary>
    public void Clear() => Count = 0;

    public void Dispose() => BasisMemory.Return(rows);
}
