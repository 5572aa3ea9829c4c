using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// The Lanczos vectors q_0, q_1, … as the rows of one CPU tensor [capacity × n]. The tensor is reserved at full capacity,
/// but the operating system commits its pages only as rows are written: memory follows the steps actually taken. The
/// tensor comes from, and goes back to, <see cref="BasisMemory"/>.
/// </summary>
/// <remarks>
/// <para>The rows are float64 for a float64 operator: a sweep of reorthogonalisation is then two BLAS dgemv over the
/// rows filled so far. For an operator no more accurate than float32 (a float32 model, u ≥ 2⁻²³) they are float32,
/// which halves the basis's memory and every read of it (sweeps, Ritz vectors), while the recurrence stays float64: the
/// two newest vectors, all the three-term recurrence reads, are also kept exact in float64 (<see cref="Recent"/>).
/// The rounded rows are used only to keep new vectors orthogonal and to form Ritz vectors. Orthogonalising against a
/// row rounded by 2⁻²⁴ leaves a component of at most 2⁻²⁴ of what was removed along the exact vector, below the error
/// u·‖A‖ every float32 product already adds and that the orthogonality estimate counts each step; a Ritz vector V·s
/// formed from the rows errs by about 2⁻²⁴ (the roundings are independent, so they add in quadrature over ‖s‖ = 1),
/// below the float32 model's own precision. Products against float32 rows are accumulated in float64
/// (<see cref="RowKernels"/>).</para>
/// </remarks>
internal sealed class LanczosBasis : IDisposable
{
    readonly Tensor rows;
    /// <summary>Float32 rows only: exact copies of the two newest vectors, vector i in slot i mod 2.</summary>
    readonly double[][]? recent;
    /// <summary>Float32 rows only: 0, 1, …, capacity − 1 (every row, for the row kernels) and their products with w.</summary>
    readonly int[] everyRow = [];
    readonly double[] dots = [];

    /// <param name="single">Float32 rows (for an operator no more accurate than float32).</param>
    public LanczosBasis(int dimension, int capacity, bool single = false)
    {
        if (dimension < 1 || capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "A basis needs at least one row of one value.");
        Dimension = dimension;
        Capacity = capacity;
        Single = single;
        rows = BasisMemory.Rent(capacity, dimension, single ? ScalarType.Float32 : ScalarType.Float64);
        if (!single) return;
        recent = [GC.AllocateUninitializedArray<double>(dimension), GC.AllocateUninitializedArray<double>(dimension)];
        everyRow = Enumerable.Range(0, capacity).ToArray();
        dots = new double[capacity];
    }

    public int Dimension { get; }
    public int Capacity { get; }
    public int Count { get; private set; }

    /// <summary>The rows are float32 (else float64).</summary>
    public bool Single { get; }

    RowTable<T> Table<T>() where T : unmanaged => RowTable<T>.Of(rows);

    /// <summary>
    /// Row r of <paramref name="destination"/> ← Σ_k c_{r,k}·q_{offset+k}, each r one Ritz vector, formed by one read of
    /// the basis for all of them (<see cref="RowKernels.Combine{T}"/>, float64 sums). <paramref name="coefficients"/>[r]
    /// all have the same length.
    /// </summary>
    public void Combine(int offset, double[][] coefficients, RowTable<double> destination)
    {
        var length = coefficients[0].Length;
        if (offset < 0 || offset + length > Count) throw new ArgumentOutOfRangeException(nameof(coefficients));
        if (Single) RowKernels.Combine(Table<float>(), offset, coefficients, destination);
        else RowKernels.Combine(Table<double>(), offset, coefficients, destination);
    }

    /// <summary>Σ_i c_i·q_{offset+i}: a Ritz vector from the coefficients of an eigenvector of T.</summary>
    public double[] Combine(int offset, ReadOnlySpan<double> coefficients)
    {
        var vector = new double[Dimension];
        Combine(offset, [coefficients.ToArray()], new RowTable<double>(vector, Dimension));
        return vector;
    }

    /// <summary>
    /// Vector i, exact in float64, for one of the two newest (i ≥ Count − 2): what the recurrence reads. Valid until the
    /// basis is disposed, and, with float32 rows, until two more vectors are appended.
    /// </summary>
    public ReadOnlySpan<double> Recent(int i)
    {
        if (i < Count - 2 || i >= Count) throw new ArgumentOutOfRangeException(nameof(i), $"Vector {i} is not one of the two newest of {Count}.");
        if (recent is not null) return recent[i % 2];
        return Table<double>()[i];
    }

    /// <summary>Appends <paramref name="vector"/>·<paramref name="scale"/> as the next row.</summary>
    public void Append(ReadOnlySpan<double> vector, double scale)
    {
        if (Count == Capacity) throw new InvalidOperationException($"The basis holds at most {Capacity} vectors.");
        if (recent is not null) RowKernels.ScaleIntoBoth(vector, scale, recent[Count % 2], Table<float>()[Count]);
        else LanczosKernels.ScaleInto(vector, scale, Table<double>()[Count]);
        Count++;
    }

    /// <summary>One classical Gram–Schmidt pass against every row: w ← w − V·(Vᵀw).</summary>
    public void Orthogonalise(Tensor w)
    {
        if (Count == 0) return;
        if (Single)
        {
            var work = MemoryMarshal.Cast<byte, double>(w.bytes);
            var which = everyRow.AsSpan(0, Count);
            RowKernels.DotMany(Table<float>(), which, work, dots);
            RowKernels.SubtractManyAndNormSquared(work, Table<float>(), which, dots);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var filled = rows.narrow(0, 0, Count);
        var projections = filled.mv(w);
        w.addmv_(filled.t(), projections, beta: 1, alpha: -1);
    }

    /// <summary>Forgets every row (the memory stays reserved for the next run).</summary>
    public void Clear() => Count = 0;

    public void Dispose() => BasisMemory.Return(rows);
}
