using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// The Ritz vectors y_i = V·s_i that selective orthogonalisation keeps the new Lanczos vectors orthogonal to, each formed
/// once and then kept ("frozen"), with its coordinates s_i in the basis. Each step reads every vector it orthogonalises
/// against, so for an operator no more accurate than float32 (a float32 model) they are kept in float32, as its basis is,
/// halving that read: orthogonalising against a rounded vector leaves a component of up to its rounding, 2⁻²⁴·‖w‖, along the exact
/// one, which is below the product's own error u ≥ 2⁻²³ that the ω-estimate already adds every step. For a float64
/// operator that would be far above its threshold √ε, so they stay float64. Products are accumulated in float64
/// (<see cref="RowKernels"/>).
/// </summary>
/// <remarks>
/// <para>Parlett &amp; Scott (1979), "The Lanczos algorithm with selective orthogonalization", Math. Comp. 33: in floating
/// point the Lanczos vectors lose orthogonality only in the directions of Ritz vectors that have converged or are
/// converging (Paige 1971: y_iᵀq_{j+1} ≈ ε‖A‖/|β_j·s_{j,i}|), so it is enough to keep q_{j+1} orthogonal to those; a Ritz
/// vector is formed once (one read of the basis for all those formed at the same step) and kept, and Parlett &amp; Scott
/// show the frozen vector serves as well as a refreshed one. See also Parlett, <i>The Symmetric Eigenvalue Problem</i>,
/// §13.8–13.9.</para>
/// <para>Which Ritz vectors, and when, comes here from Simon's (1984) ω-recurrence rather than from Parlett &amp; Scott's
/// a-priori bound: orthogonalising q_{j+1} against y = V·s maps the estimate ω ≈ Vᵀq_{j+1} to ω − s·(sᵀω) (V being
/// semi-orthogonal), for any unit s, so when ω crosses the threshold its components along the frozen vectors are taken
/// out, and, if what is left still crosses it, the eigenvectors z_i of T along which the rest lies (largest |z_iᵀω| first)
/// are frozen too: by Paige's theorem these are the converged and converging Ritz vectors. Only the vectors whose
/// components matter are orthogonalised against. <see cref="LanczosRecurrence"/> sweeps the whole basis when the rest
/// cannot be explained by few enough vectors. Orthogonalising against any vector of span(V) only removes error (the exact
/// q_{j+1} is orthogonal to it), so the choice affects cost, never the Krylov space.</para>
/// </remarks>
internal sealed class FrozenRitzVectors : IDisposable
{
    readonly LanczosBasis basis;
    /// <summary>The frozen vectors as rows [capacity × n], float32 or float64 (from <see cref="BasisMemory"/>).</summary>
    readonly Tensor vectors;
    /// <summary>Float64 room for the vectors being formed (<see cref="Formed"/>).</summary>
    Tensor? formed;
    readonly List<double[]> coordinates = [];
    readonly List<int> chosen = [];
    readonly List<int> earlier = [];
    readonly double[] dots;

    /// <param name="basis">Its precision is theirs: float32 for an operator no more accurate than float32.</param>
    public FrozenRitzVectors(LanczosBasis basis, int capacity)
    {
        this.basis = basis;
        Capacity = capacity;
        dots = new double[capacity];
        vectors = BasisMemory.Rent(capacity, basis.Dimension, basis.Single ? ScalarType.Float32 : ScalarType.Float64);
    }

    public int Capacity { get; }
    public int Count => coordinates.Count;

    RowTable<T> Rows<T>() where T : unmanaged => RowTable<T>.Of(vectors);

    public void Dispose()
    {
        BasisMemory.Return(vectors);
        if (formed is not null) BasisMemory.Return(formed);
    }

    /// <summary>
    /// Room for <paramref name="rows"/> newly formed vectors in float64, kept from one freeze to the next (fresh pages
    /// cost a fault each, about as much as the reads that form the vectors), grown when a freeze needs more.
    /// </summary>
    RowTable<double> Formed(int rows)
    {
        if (formed is null || formed.shape[0] < rows)
        {
            if (formed is not null) BasisMemory.Return(formed);
            formed = BasisMemory.Rent(Math.Max(rows, 4), basis.Dimension, ScalarType.Float64);
        }
        return RowTable<double>.Of(formed);
    }

    /// <summary>Frozen vectors that were orthogonalised against, one count per vector per step.</summary>
    public int Orthogonalisations { get; private set; }

    /// <summary>The vectors taken by the last <see cref="Project"/>.</summary>
    public int Chosen => chosen.Count;

    public void Clear()
    {
        coordinates.Clear();
        chosen.Clear();
    }

    /// <summary>
    /// ω ← ω − c_i·s_i, c_i = s_iᵀω (over the first <paramref name="limit"/> entries), for every frozen i with
    /// |c_i| &gt; <paramref name="level"/>, in the order frozen (Gram–Schmidt in coordinates); the i taken are the ones
    /// <see cref="Orthogonalise"/> will use.
    /// </summary>
    public void Project(Span<double> omega, int limit, double level)
    {
        chosen.Clear();
        for (var i = 0; i < coordinates.Count; i++)
        {
            var s = coordinates[i];
            var length = Math.Min(limit, s.Length);
            var c = TensorPrimitives.Dot(s.AsSpan(0, length), omega[..length]);
            if (!(Math.Abs(c) > level)) continue;
            for (var k = 0; k < length; k++) omega[k] -= c * s[k];
            chosen.Add(i);
        }
    }

    /// <summary>
    /// Freezes the Ritz vectors of the current block (basis rows <paramref name="blockStart"/> … <paramref name="count"/> − 1,
    /// T from <paramref name="alpha"/> and <paramref name="beta"/>) along which the estimate <paramref name="rest"/> (over
    /// rows 0 … count − 2) lies, largest component first, until what is left is at most <paramref name="target"/>
    /// everywhere. False, freezing nothing, when that takes more vectors than the spare rows left.
    /// </summary>
    public bool Explain(List<double> alpha, List<double> beta, int blockStart, int count, ReadOnlySpan<double> rest, double target)
    {
        var m = count - blockStart;
        var free = Capacity - Count;
        if (m < 1 || free < 1) return false;
        for (var k = 0; k < blockStart; k++)
            if (Math.Abs(rest[k]) > target) return false; // no vector of this block reaches an earlier block's rows

        var diagonal = CollectionsMarshal.AsSpan(alpha).Slice(blockStart, m);
        var offDiagonal = CollectionsMarshal.AsSpan(beta).Slice(blockStart, m - 1);
        var (_, z) = SymmetricTridiagonal.SolveFully(diagonal, offDiagonal);
        var within = rest.Length - blockStart; // rows of the block that the estimate covers (all but the newest)
        var left = rest[blockStart..].ToArray();
        var components = new double[m];
        for (var i = 0; i < m; i++)
        {
            var d = 0.0;
            for (var k = 0; k < within; k++) d += z[k][i] * left[k];
            components[i] = d;
        }
        var order = Enumerable.Range(0, m).OrderByDescending(i => Math.Abs(components[i])).ToArray();
        var taken = new List<double[]>();
        foreach (var i in order)
        {
            if (VectorMath.MaxAbs(left) <= target) break;
            if (taken.Count == free) return false;
            var s = new double[m];
            for (var k = 0; k < m; k++) s[k] = z[k][i];
            for (var k = 0; k < within; k++) left[k] -= components[i] * s[k];
            taken.Add(s);
        }
        if (taken.Count == 0) return false;

        // Orthonormal, in coordinates, to the vectors frozen before (twice is enough): y = V·s are then orthonormal to
        // the basis's semi-orthogonality, and a pass of Gram–Schmidt over them is the projection the estimate assumes.
        var fresh = new List<double[]>();
        foreach (var s in taken)
        {
            var absolute = new double[count];
            for (var k = 0; k < m; k++) absolute[blockStart + k] = s[k];
            for (var pass = 0; pass < 2; pass++)
                foreach (var sf in coordinates.Concat(fresh))
                {
                    var length = Math.Min(sf.Length, count);
                    var c = TensorPrimitives.Dot(sf.AsSpan(0, length), absolute.AsSpan(0, length));
                    for (var k = 0; k < length; k++) absolute[k] -= c * sf[k];
                }
            var norm = TensorPrimitives.Norm(absolute);
            if (!(norm > 0.5)) continue; // already (mostly) covered
            for (var k = 0; k < count; k++) absolute[k] /= norm;
            fresh.Add(absolute);
        }
        if (fresh.Count == 0) return false;
        var rows64 = Formed(fresh.Count);
        basis.Combine(0, [.. fresh], rows64);
        if (basis.Single) Keep<float>(rows64, fresh);
        else Keep<double>(rows64, fresh);
        coordinates.AddRange(fresh);
        return true;
    }

    /// <summary>
    /// The second pass, on the vectors themselves (V is only semi-orthogonal): each newly formed y (float64) made
    /// orthonormal to working precision against the vectors already kept, and rounded into its row; its coordinates
    /// follow.
    /// </summary>
    void Keep<T>(RowTable<double> formed, List<double[]> fresh) where T : unmanaged
    {
        var kept = Rows<T>();
        var first = Count;
        for (var r = 0; r < fresh.Count; r++)
        {
            var i = first + r;
            var y = formed[r];
            var absolute = fresh[r];
            if (i > 0)
            {
                earlier.Clear();
                for (var f = 0; f < i; f++) earlier.Add(f);
                var which = CollectionsMarshal.AsSpan(earlier);
                RowKernels.DotMany(kept, which, y, dots);
                RowKernels.SubtractManyAndNormSquared(y, kept, which, dots);
                for (var f = 0; f < i; f++)
                {
                    var sf = f < coordinates.Count ? coordinates[f] : fresh[f - first];
                    for (var k = 0; k < sf.Length; k++) absolute[k] -= dots[f] * sf[k];
                }
            }
            var norm = TensorPrimitives.Norm(y);
            RowKernels.ScaleInto(y, 1 / norm, kept[i]);
            for (var k = 0; k < absolute.Length; k++) absolute[k] /= norm;
        }
    }

    /// <summary>
    /// One classical Gram–Schmidt pass of <paramref name="w"/> against the vectors chosen by the last <see cref="Project"/>,
    /// w ← w − Σ_i y_i·(y_iᵀw); returns the new ‖w‖.
    /// </summary>
    public double Orthogonalise(Span<double> w)
    {
        Orthogonalisations += chosen.Count;
        return Math.Sqrt(basis.Single ? Orthogonalise<float>(w) : Orthogonalise<double>(w));
    }

    double Orthogonalise<T>(Span<double> w) where T : unmanaged
    {
        var rows = Rows<T>();
        var which = CollectionsMarshal.AsSpan(chosen);
        RowKernels.DotMany(rows, which, w, dots);
        return RowKernels.SubtractManyAndNormSquared(w, rows, which, dots);
    }
}
