using System.Runtime.InteropServices;
using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace HessianWeb.Client.Spectral;

// Why this is large: the recurrence and its three reorthogonalisation modes share one basis and its orthogonality
// estimates; Lanczos and SLQ drive it through Start/Step/Continue and read its α, β and counters, 16 members in all.
/// <summary>
/// The three-term recurrence β_j·q_{j+1} = A·q_j − α_j·q_j − β_{j−1}·q_{j−1} in float64, with the basis kept
/// orthogonal as <see cref="Reorthogonalisation"/> says; shared by <see cref="Lanczos"/> and
/// <see cref="StochasticLanczosQuadrature"/>. Holds the basis (float32 for a float32 operator, with its two newest
/// vectors also in float64: see <see cref="LanczosBasis"/>) and one work vector w of size n, and in selective mode up
/// to 24 frozen Ritz vectors and a few float64 rows to form them in, nothing else of size n.
/// </summary>
/// <remarks>
/// <para>Golub &amp; Van Loan, <i>Matrix Computations</i>, §10.1 for the recurrence. Partial reorthogonalisation follows
/// Simon (1984), "The Lanczos algorithm with partial reorthogonalization", Math. Comp. 42, with the constants of
/// PROPACK and SLEPc: the level of orthogonality ω_{j+1,k} ≈ q_{j+1}ᵀq_k obeys β_j·ω_{j+1,k} = β_k·ω_{j,k+1} +
/// (α_k − α_j)·ω_{j,k} + β_{k−1}·ω_{j,k−1} − β_{j−1}·ω_{j−1,k} plus the local errors, which we bound by φ·‖A‖/β_j and add
/// with the sign of the estimate (so it never shrinks). φ = √n·ε/2 + u: the rounding of the float64 recurrence plus the
/// relative accuracy u of the products (<see cref="ISymmetricOperator.RelativeAccuracy"/>), since a product's error
/// moves the new vector off the Krylov space just as rounding does (measured: a float32 model's Hessian loses
/// orthogonality at ~1e-8 per step, a hundred thousand times faster than float64 rounding alone). When
/// max_k |ω_{j+1,k}| exceeds √max(ε, u) the new vector is swept against the whole basis, and so is the next one (the
/// step after a sweep inherits the lost orthogonality through ω_{j,k}); both estimates then restart at φ.
/// Semi-orthogonality at √u keeps the Ritz values accurate to O(u·‖A‖), the accuracy of the products themselves.</para>
/// <para>Selective mode (Parlett &amp; Scott 1979, on Simon's schedule; see <see cref="FrozenRitzVectors"/>): when the
/// estimate crosses √max(ε, u), its components along the frozen Ritz vectors are taken out, new Ritz vectors are frozen
/// where they do not suffice, and q_{j+1} is orthogonalised only against the vectors whose components matter; the
/// projected estimate is kept, and no step after it is forced. The whole basis is swept, as in partial mode, only when
/// the estimate cannot be explained by at most 24 frozen vectors.</para>
/// <para>A restart vector (after a breakdown) is always swept twice, in every mode.</para>
/// </remarks>
internal sealed class LanczosRecurrence : IDisposable
{
    /// <summary>1/√2: DGKS's bound on the norm a Gram–Schmidt pass must keep for no second pass to be needed.</summary>
    const double Reorthogonality = 0.7071067811865476;

    /// <summary>Selective mode: at most this many Ritz vectors are frozen (beyond them, the basis is swept).</summary>
    const int MaxFrozenRitzVectors = 24;

    /// <summary>Selective mode: newly frozen Ritz vectors must bring the estimate down to this fraction of the threshold.</summary>
    const double ExplainedLevel = 0.5;

    readonly ISymmetricOperator op;
    readonly LanczosBasis basis;
    readonly Tensor w;
    readonly Reorthogonalisation mode;
    /// <summary>φ: the level of orthogonality a fresh or swept vector has, and the local error added each step (×‖A‖/β).</summary>
    readonly double floor;
    /// <summary>√max(ε, u): the semi-orthogonality a sweep restores.</summary>
    readonly double threshold;
    double[] omegaPrevious, omegaCurrent, omegaNext;
    /// <summary>Selective mode only: the frozen Ritz vectors, and the ω estimate with their components taken out.</summary>
    readonly FrozenRitzVectors? frozen;
    readonly double[] projected;
    bool sweepNext, forced;
    double normEstimate;

    public LanczosRecurrence(ISymmetricOperator op, int capacity, Reorthogonalisation mode)
    {
        this.op = op;
        this.mode = mode;
        var n = op.Dimension;
        basis = new LanczosBasis(n, capacity, single: op.RelativeAccuracy >= MachineEpsilon.Float32);
        if (mode == Reorthogonalisation.Selective) frozen = new FrozenRitzVectors(basis, Math.Min(capacity, MaxFrozenRitzVectors));
        w = torch.zeros(n, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var accuracy = Math.Max(MachineEpsilon.Float64, op.RelativeAccuracy);
        floor = Math.Sqrt(n) * MachineEpsilon.Float64 / 2 + accuracy;
        threshold = Math.Sqrt(accuracy);
        omegaPrevious = new double[capacity + 1];
        omegaCurrent = new double[capacity + 1];
        omegaNext = new double[capacity + 1];
        projected = mode == Reorthogonalisation.Selective ? new double[capacity + 1] : [];
    }

    public LanczosBasis Basis => basis;
    public int Count => basis.Count;
    public List<double> Alpha { get; } = [];
    /// <summary>β_j couples basis vectors j and j+1; 0 across a restart.</summary>
    public List<double> Beta { get; } = [];
    /// <summary>Index of the first vector of the current Krylov block (after the last restart).</summary>
    public int BlockStart { get; private set; }
    public int Applications { get; private set; }
    /// <summary>Gram–Schmidt passes over the whole basis made to keep it orthogonal (restart vectors excluded).</summary>
    public int Sweeps { get; private set; }
    /// <summary>Selective mode: orthogonalisations of a new vector against one frozen Ritz vector.</summary>
    public int RitzOrthogonalisations => frozen?.Orthogonalisations ?? 0;

    Span<double> Work => MemoryMarshal.Cast<byte, double>(w.bytes);

    /// <summary>
    /// A random unit vector, N(0, I) normalised, orthogonal to the basis (two sweeps), as the first vector of a new
    /// block; false when the basis already spans the space. The first call starts the recurrence.
    /// </summary>
    public bool Start(SeededRandom random)
    {
        var work = Work;
        for (var i = 0; i < work.Length; i++) work[i] = random.NextNormal();
        return StartWithWork();
    }

    /// <summary>Starts from a given vector (normalised here; swept against any basis held).</summary>
    public bool Start(ReadOnlySpan<double> vector)
    {
        vector.CopyTo(Work);
        return StartWithWork();
    }

    bool StartWithWork()
    {
        using var scope = torch.NewDisposeScope();
        var before = w.norm().item<double>();
        basis.Orthogonalise(w);
        basis.Orthogonalise(w);
        var after = w.norm().item<double>();
        if (!(after > 1e-8 * before)) return false;
        if (basis.Count > 0) Beta.Add(0); // T stays block-diagonal
        BlockStart = basis.Count;
        basis.Append(Work, 1.0 / after);
        Array.Fill(omegaCurrent, floor, 0, BlockStart);
        omegaCurrent[BlockStart] = 1;
        Array.Clear(omegaPrevious);
        sweepNext = false;
        return true;
    }

    /// <summary>
    /// Applies A to the newest vector q_j and forms w = A·q_j − α_j·q_j − β_{j−1}·q_{j−1}, orthogonalised; records α_j
    /// and returns β_j = ‖w‖ (not yet recorded: see <see cref="Continue"/>).
    /// </summary>
    public double Step()
    {
        var j = basis.Count - 1;
        var q = basis.Recent(j);
        var work = Work;
        op.Apply(q, work);
        Applications++;

        var alpha = TensorPrimitives.Dot(q, work);
        var coupled = j > BlockStart;
        var normSquared = LanczosKernels.SubtractAndNormSquared(
            work, alpha, q, coupled ? Beta[j - 1] : 0, coupled ? basis.Recent(j - 1) : default);
        Alpha.Add(alpha);
        normEstimate = Math.Max(normEstimate, Math.Abs(alpha));

        var beta = Math.Sqrt(normSquared);
        normEstimate = Math.Max(normEstimate, beta);
        if (mode == Reorthogonalisation.Full) return Sweep(beta);
        if (!EstimateOrthogonality(j, beta)) return beta;
        if (frozen is not null && !forced && Selectively(j, ref beta)) return beta;
        beta = Sweep(beta);
        Array.Fill(omegaNext, floor, 0, j + 1);
        return beta;
    }

    /// <summary>
    /// Classical Gram–Schmidt against the whole basis, repeated while a pass removes more than 1 − 1/√2 of w's norm
    /// (the criterion of Daniel, Gragg, Kaufman &amp; Stewart 1976, as ARPACK uses it; at most twice, "twice is enough"):
    /// after the three-term step w is already nearly orthogonal, so one pass usually leaves it orthogonal to working
    /// precision, and the second is taken exactly when cancellation could have spoiled the first.
    /// </summary>
    double Sweep(double before)
    {
        basis.Orthogonalise(w);
        Sweeps++;
        var after = Norm();
        if (after >= Reorthogonality * before) return after;
        basis.Orthogonalise(w);
        Sweeps++;
        return Norm();
    }

    double Norm()
    {
        var work = Work;
        var norm = TensorPrimitives.Norm(work);
        normEstimate = Math.Max(normEstimate, norm);
        return norm;
    }

    /// <summary>
    /// Selective orthogonalisation (see <see cref="FrozenRitzVectors"/>): takes the components along the frozen Ritz
    /// vectors out of the estimate ω_{j+1}, freezing the Ritz vectors of T along which the rest lies if that is not
    /// enough; when what is left is at most the threshold, orthogonalises w against the vectors whose components
    /// mattered (those above √(φ·threshold), Simon's η), keeps the projected estimate (plus φ) and returns true with the
    /// new β. False: the basis must be swept.
    /// </summary>
    bool Selectively(int j, ref double beta)
    {
        var level = Math.Sqrt(floor * threshold);
        var omega = omegaNext.AsSpan(0, j);
        var estimate = projected.AsSpan(0, j);
        omega.CopyTo(estimate);
        frozen!.Project(estimate, j, level);
        if (VectorMath.MaxAbs(estimate) > threshold)
        {
            if (!frozen.Explain(Alpha, Beta, BlockStart, j + 1, estimate, ExplainedLevel * threshold)) return false;
            omega.CopyTo(estimate);
            frozen.Project(estimate, j, level);
            if (VectorMath.MaxAbs(estimate) > threshold) return false;
        }
        beta = frozen.Orthogonalise(Work);
        normEstimate = Math.Max(normEstimate, beta);
        for (var k = 0; k < j; k++) omegaNext[k] = estimate[k] + (estimate[k] >= 0 ? floor : -floor);
        sweepNext = false;
        return true;
    }

    /// <summary>Simon's ω-recurrence for q_{j+1}; true when it must be swept now.</summary>
    bool EstimateOrthogonality(int j, double beta)
    {
        if (!(beta > 0))
        {
            sweepNext = false;
            forced = true;
            return true;
        }
        var noise = floor * normEstimate / beta;
        var betaPrevious = j > BlockStart ? Beta[j - 1] : 0;
        var worst = 0.0;
        for (var k = 0; k < j; k++)
        {
            var estimate = Beta[k] * omegaCurrent[k + 1] + (Alpha[k] - Alpha[j]) * omegaCurrent[k] - betaPrevious * omegaPrevious[k];
            if (k > 0) estimate += Beta[k - 1] * omegaCurrent[k - 1];
            estimate /= beta;
            estimate += estimate >= 0 ? noise : -noise;
            omegaNext[k] = estimate;
            worst = Math.Max(worst, Math.Abs(estimate));
        }
        omegaNext[j] = noise;
        omegaNext[j + 1] = 1;
        forced = sweepNext;
        var triggered = !forced && worst > threshold;
        sweepNext = triggered;
        return forced || triggered;
    }

    /// <summary>Forgets the basis and T, to start an independent run on the same memory.</summary>
    public void Reset()
    {
        basis.Clear();
        Alpha.Clear();
        Beta.Clear();
        BlockStart = 0;
        normEstimate = 0;
        sweepNext = false;
        frozen?.Clear();
    }

    /// <summary>The largest |α| or β seen since the last reset: a lower estimate of ‖A‖.</summary>
    public double NormEstimate => normEstimate;

    /// <summary>Records β_j and appends q_{j+1} = w/β_j.</summary>
    public void Continue(double beta)
    {
        Beta.Add(beta);
        basis.Append(Work, 1.0 / beta);
        (omegaPrevious, omegaCurrent, omegaNext) = (omegaCurrent, omegaNext, omegaPrevious);
    }

    public void Dispose()
    {
        frozen?.Dispose();
        basis.Dispose();
        w.Dispose();
    }
}
