using HessianWeb.Client.Randomness;

namespace HessianWeb.Client.Spectral;

/// <summary>The largest eigenvalues of a symmetric operator by the Lanczos process.</summary>
/// <remarks>
/// <para>Lanczos (1950), "An iteration method for the solution of the eigenvalue problem of linear differential
/// and integral operators"; the form here follows Golub &amp; Van Loan, <i>Matrix Computations</i>, §10.1 (the
/// three-term recurrence, Ritz pairs from the tridiagonal T_m, the bound ‖A·y_i − θ_i·y_i‖ = |β_m·s_{m,i}|) and
/// Paige (1971/1980) on why, in floating point, the basis loses orthogonality as Ritz pairs converge. We keep every
/// basis vector and reorthogonalise each new one against all of them by classical Gram–Schmidt done twice
/// ("twice is enough", Giraud, Langou &amp; Rozložník 2005), so the recurrence, in float64, stays clean.</para>
/// <para>After every step T_m is diagonalised and all Ritz values with their residual bounds are reported. The run
/// stops when the top k pairs all have bound ≤ tol·max|θ|, at the step limit, or when the basis spans the space.</para>
/// <para>Breakdown: β_m ≈ 0 means the Krylov space is invariant and its Ritz values are exact eigenvalues, but a
/// single start vector only ever sees one direction of each eigenspace, so an eigenvalue of multiplicity r is found
/// once per Krylov space. On breakdown we therefore restart with a fresh random vector orthogonal to the basis
/// (β recorded as 0, T block-diagonal), and go on until the newest block's own largest Ritz value has converged
/// and is no larger than the k-th value: only then can nothing in the unexplored complement outrank the top k.
/// So multiplicities are found whenever the process breaks down before convergence (few distinct eigenvalues).
/// In a spectrum with many distinct values the top pairs converge before any breakdown, and a second copy of a
/// repeated eigenvalue shows up only if rounding noise grows into its direction first (it depends on the start
/// vector); the distinct values are found either way. That is the limit of single-vector Lanczos (block Lanczos
/// would be the cure).</para>
/// <para>The β of a block that broke down is dropped from T but not forgotten: it stays in the residual bounds of
/// that block's Ritz values, |β_break·s_last,i|, so every reported bound is a true bound.</para>
/// </remarks>
public static class Lanczos
{
    /// <summary>β at or below this fraction of the largest |θ| or β seen so far counts as a breakdown.</summary>
    const double BreakdownTolerance = 1e-12;

    /// <exception cref="ArgumentOutOfRangeException">K is not in [1, dimension], MaxSteps &lt; 1 or the tolerance is not in (0, 1).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps.</exception>
    public static LanczosResult TopEigenvalues(
        ISymmetricOperator op, LanczosOptions options, Action<LanczosStep>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        var n = op.Dimension;
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(op), "The operator has no dimensions.");
        if (options.K < 1 || options.K > n)
            throw new ArgumentOutOfRangeException(nameof(options), $"K = {options.K} must be between 1 and the dimension {n}.");
        if (options.MaxSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxSteps = {options.MaxSteps} must be at least 1.");
        if (!(options.Tolerance > 0 && options.Tolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(options), $"Tolerance = {options.Tolerance} must be between 0 and 1.");

        var state = new State(options.K, options.Tolerance);
        var random = SeededRandom.For(RandomStream.LanczosStart, options.Seed);
        var maxSteps = Math.Min(options.MaxSteps, n);
        var q = FreshStartVector(random, state.Basis, n) ?? throw new InvalidOperationException("A random vector in ℝⁿ, n ≥ 1, cannot vanish.");
        var w = new double[n];

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state.Basis.Add(q);
            op.Apply(q, w);
            state.Applications++;

            var j = state.Basis.Count - 1;
            var alpha = VectorMath.Dot(q, w);
            state.Alpha.Add(alpha);
            VectorMath.AddScaled(w, -alpha, q);
            if (j > state.BlockStart) VectorMath.AddScaled(w, -state.Beta[j - 1], state.Basis[j - 1]);
            Reorthogonalise(w, state.Basis);
            Reorthogonalise(w, state.Basis);
            var beta = VectorMath.Norm(w);

            var snapshot = state.Diagonalise(beta);
            onStep?.Invoke(snapshot.ToStep(state.Basis.Count, state.Applications));

            var breakdown = beta <= BreakdownTolerance * snapshot.NormEstimate;
            var m = state.Basis.Count;
            if (snapshot.HasConverged(breakdown)) return state.Result(snapshot, LanczosStopReason.Converged);
            if (m == n) return state.Result(snapshot, LanczosStopReason.KrylovSpaceExhausted);
            if (m >= maxSteps) return state.Result(snapshot, LanczosStopReason.StepLimit);

            if (breakdown)
            {
                var restart = FreshStartVector(random, state.Basis, n);
                if (restart is null) return state.Result(snapshot, LanczosStopReason.KrylovSpaceExhausted);
                state.CloseBlock(snapshot);
                q = restart;
            }
            else
            {
                state.Beta.Add(beta);
                q = new double[n];
                w.AsSpan().CopyTo(q);
                VectorMath.Scale(q, 1.0 / beta);
            }
        }
    }

    /// <summary>w ← w − V·(Vᵀw): one classical Gram–Schmidt pass against the whole basis.</summary>
    static void Reorthogonalise(Span<double> w, List<double[]> basis)
    {
        Span<double> projections = basis.Count <= 512 ? stackalloc double[basis.Count] : new double[basis.Count];
        for (var i = 0; i < basis.Count; i++) projections[i] = VectorMath.Dot(basis[i], w);
        for (var i = 0; i < basis.Count; i++) VectorMath.AddScaled(w, -projections[i], basis[i]);
    }

    /// <summary>A random unit vector orthogonal to the basis, or null when the basis already spans the space.</summary>
    static double[]? FreshStartVector(SeededRandom random, List<double[]> basis, int n)
    {
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = random.NextNormal();
        var before = VectorMath.Norm(v);
        Reorthogonalise(v, basis);
        Reorthogonalise(v, basis);
        var after = VectorMath.Norm(v);
        if (after <= 1e-8 * before) return null;
        VectorMath.Scale(v, 1.0 / after);
        return v;
    }

    /// <summary>The basis, T's entries and the Ritz values of the blocks closed by breakdowns.</summary>
    sealed class State(int k, double tolerance)
    {
        public List<double[]> Basis { get; } = [];
        public List<double> Alpha { get; } = [];
        /// <summary>β_j couples basis vectors j and j+1; 0 across a restart.</summary>
        public List<double> Beta { get; } = [];
        public int BlockStart { get; private set; }
        public int Applications { get; set; }
        public int Restarts { get; private set; }
        readonly List<(double Value, double Bound)> closed = [];
        double normEstimate;

        public Snapshot Diagonalise(double beta)
        {
            var size = Alpha.Count - BlockStart;
            var (values, last) = SymmetricTridiagonal.Solve(
                Alpha.Skip(BlockStart).ToArray(), Beta.Skip(BlockStart).Take(size - 1).ToArray());
            var block = values.Select((v, i) => (Value: v, Bound: Math.Abs(beta * last[i]))).ToArray();
            var all = closed.Concat(block).OrderByDescending(r => r.Value).ToArray();
            var scale = all.Max(r => Math.Abs(r.Value));
            normEstimate = Math.Max(normEstimate, Math.Max(beta, scale));
            return new Snapshot(all, block, block.MaxBy(r => r.Value), scale, normEstimate, k, tolerance);
        }

        /// <summary>Keeps the invariant block's Ritz pairs (their bounds hold the dropped β) and starts a new block.</summary>
        public void CloseBlock(Snapshot snapshot)
        {
            closed.AddRange(snapshot.Block);
            Beta.Add(0); // T stays block-diagonal
            BlockStart = Alpha.Count;
            Restarts++;
        }

        public LanczosResult Result(Snapshot snapshot, LanczosStopReason reason) => new(
            snapshot.All.Take(k).Select(r => new RitzValue(r.Value, r.Bound, snapshot.IsConverged(r.Bound))).ToArray(),
            Basis.Count, Applications, Restarts, reason);
    }

    /// <param name="All">Every Ritz value with its bound, descending.</param>
    /// <param name="Block">The Ritz pairs of the newest block (since the last restart).</param>
    /// <param name="Scale">max|θ| now, the yardstick of the convergence test.</param>
    /// <param name="NormEstimate">The largest |θ| or β seen so far, a lower estimate of ‖A‖, for the breakdown test.</param>
    readonly record struct Snapshot(
        (double Value, double Bound)[] All, (double Value, double Bound)[] Block, (double Value, double Bound) BlockTop,
        double Scale, double NormEstimate, int K, double Tolerance)
    {
        public bool IsConverged(double bound) => bound <= Tolerance * Scale;

        /// <summary>
        /// The top K have converged and nothing unexplored can outrank them: either the newest block is still
        /// growing and its largest Ritz value has converged (in the first block that value is the overall top), or the
        /// newest block is invariant and its largest value is no more than the K-th.
        /// </summary>
        public bool HasConverged(bool breakdown)
        {
            if (All.Length < K) return false;
            for (var i = 0; i < K; i++)
                if (!IsConverged(All[i].Bound)) return false;
            return breakdown
                ? BlockTop.Value <= All[K - 1].Value + Tolerance * Scale
                : IsConverged(BlockTop.Bound);
        }

        public LanczosStep ToStep(int iteration, int applications) =>
            new(iteration, All.Select(r => r.Value).ToArray(), All.Select(r => r.Bound).ToArray(), applications);
    }
}
