using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Spectral;

/// <summary>The largest and smallest eigenvalues of a symmetric operator by the Lanczos process.</summary>
/// <remarks>
/// <para>Lanczos (1950), "An iteration method for the solution of the eigenvalue problem of linear differential
/// and integral operators"; the form here follows Golub &amp; Van Loan, <i>Matrix Computations</i>, §10.1 (the
/// three-term recurrence, Ritz pairs from the tridiagonal T_m, the bound ‖A·y_i − θ_i·y_i‖ = |β_m·s_{m,i}|) and
/// Paige (1971/1980) on why, in floating point, the basis loses orthogonality as Ritz pairs converge. We keep every
/// basis vector and reorthogonalise against all of them: by default each new one, by classical Gram–Schmidt with a
/// second pass whenever the first removed much of the vector's norm (Daniel, Gragg, Kaufman &amp; Stewart 1976; "twice
/// is enough", Giraud, Langou &amp; Rozložník 2005); on request only when Simon's (1984) estimate says it is needed
/// (<see cref="Reorthogonalisation.Partial"/>), or, on the same schedule, only against the frozen Ritz vectors the loss
/// points to (selective orthogonalisation, Parlett &amp; Scott 1979; <see cref="Reorthogonalisation.Selective"/>). The
/// recurrence is float64 whatever the operator's model is; for a float32 model the stored basis is float32
/// (<see cref="LanczosBasis"/>), half the memory and half the reads, at no cost in accuracy beyond the model's own.</para>
/// <para>After every step T_m is diagonalised and all Ritz values with their residual bounds are reported. The run
/// stops when the top K and the bottom BottomK pairs all have bound ≤ tol·max|θ|, at the step limit, or when the basis
/// spans the space. Ritz values converge at both ends of the spectrum at once, so one run serves both.</para>
/// <para>Breakdown: β_m ≈ 0 means the Krylov space is invariant and its Ritz values are exact eigenvalues, but a
/// single start vector only ever sees one direction of each eigenspace, so an eigenvalue of multiplicity r is found
/// once per Krylov space. On breakdown we therefore restart with a fresh random vector orthogonal to the basis
/// (β recorded as 0, T block-diagonal), and go on until the newest block's own extreme Ritz values have converged
/// and are no further out than the K-th from the top (and the BottomK-th from the bottom): only then can nothing in
/// the unexplored complement outrank them. So multiplicities are found whenever the process breaks down before
/// convergence (few distinct eigenvalues). In a spectrum with many distinct values the wanted pairs converge before
/// any breakdown, and a second copy of a repeated eigenvalue shows up only if rounding noise grows into its direction
/// first (it depends on the start vector); the distinct values are found either way. That is the limit of
/// single-vector Lanczos (block Lanczos would be the cure).</para>
/// <para>The β of a block that broke down is dropped from T but not forgotten: it stays in the residual bounds of
/// that block's Ritz values, |β_break·s_last,i|, so every reported bound is a true bound.</para>
/// <para>Ritz vectors y_i = V·s_i are formed at the end, on request, for the top K.</para>
/// </remarks>
public static class Lanczos
{
    /// <summary>β at or below this fraction of the largest |θ| or β seen so far counts as a breakdown.</summary>
    const double BreakdownTolerance = 1e-12;

    /// <summary>The top <see cref="LanczosOptions.K"/> eigenvalues (and the bottom BottomK, if asked).</summary>
    /// <exception cref="ArgumentOutOfRangeException">K is not in [1, dimension], BottomK not in [0, dimension],
    /// MaxSteps &lt; 1 or the tolerance is not in (0, 1).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps.</exception>
    public static LanczosResult TopEigenvalues(
        ISymmetricOperator op, LanczosOptions options, Action<LanczosIteration>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        if (options.K < 1 || options.K > op.Dimension)
            throw new ArgumentOutOfRangeException(nameof(options), $"K = {options.K} must be between 1 and the dimension {op.Dimension}.");
        return ExtremeEigenvalues(op, options, onStep, cancellationToken);
    }

    /// <summary>
    /// The top K and bottom BottomK (most negative) eigenvalues together, each with its residual bound and
    /// converged flag, and the top Ritz vectors when <see cref="LanczosOptions.TopVectors"/> is set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">K or BottomK is not in [0, dimension], both are 0, MaxSteps &lt; 1
    /// or the tolerance is not in (0, 1).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps.</exception>
    public static LanczosResult ExtremeEigenvalues(
        ISymmetricOperator op, LanczosOptions options, Action<LanczosIteration>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        var n = op.Dimension;
        Validate(options, n);

        var maxSteps = Math.Min(options.MaxSteps, n);
        using var recurrence = new LanczosRecurrence(op, maxSteps, options.Reorthogonalisation);
        var state = new State(options, recurrence);
        var random = SeededRandom.For(RandomStream.LanczosStart, options.Seed);
        if (!recurrence.Start(random)) throw new InvalidOperationException("A random vector in ℝⁿ, n ≥ 1, cannot vanish.");

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var beta = recurrence.Step();

            var snapshot = state.Diagonalise(beta);
            onStep?.Invoke(snapshot.ToIteration(recurrence.Count, recurrence.Applications));

            var breakdown = beta <= BreakdownTolerance * snapshot.NormEstimate;
            var m = recurrence.Count;
            if (snapshot.HasConverged(breakdown)) return state.Result(snapshot, LanczosStopReason.Converged);
            if (m == n) return state.Result(snapshot, LanczosStopReason.KrylovSpaceExhausted);
            if (m >= maxSteps) return state.Result(snapshot, LanczosStopReason.StepLimit);

            if (breakdown)
            {
                state.CloseBlock(snapshot);
                if (!recurrence.Start(random)) return state.Result(snapshot, LanczosStopReason.KrylovSpaceExhausted);
                state.Restarts++;
            }
            else recurrence.Continue(beta);
        }
    }

    static void Validate(LanczosOptions options, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(options), "The operator has no dimensions.");
        if (options.K < 0 || options.K > n)
            throw new ArgumentOutOfRangeException(nameof(options), $"K = {options.K} must be between 0 and the dimension {n}.");
        if (options.BottomK < 0 || options.BottomK > n)
            throw new ArgumentOutOfRangeException(nameof(options), $"BottomK = {options.BottomK} must be between 0 and the dimension {n}.");
        if (options.K + options.BottomK < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Ask for at least one eigenvalue (K or BottomK).");
        if (options.MaxSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxSteps = {options.MaxSteps} must be at least 1.");
        if (!(options.Tolerance > 0 && options.Tolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(options), $"Tolerance = {options.Tolerance} must be between 0 and 1.");
        if (!Enum.IsDefined(options.Reorthogonalisation))
            throw new ArgumentOutOfRangeException(nameof(options), $"Unknown reorthogonalisation {options.Reorthogonalisation}.");
    }

    /// <summary>A Ritz value with its bound, and where its eigenvector of T lives (block, index within the block).</summary>
    readonly record struct Ritz(double Value, double Bound, int Block, int Index);

    /// <summary>A Krylov block closed by a breakdown: its place in the basis and, when vectors are wanted, its eigenvectors.</summary>
    sealed record ClosedBlock(int Start, double[][]? Vectors);

    /// <summary>The Ritz values of the blocks closed by breakdowns, and the diagonalisation of the current one.</summary>
    sealed class State(LanczosOptions options, LanczosRecurrence recurrence)
    {
        readonly List<Ritz> closed = [];
        readonly List<ClosedBlock> blocks = [];
        double normEstimate;

        public int Restarts { get; set; }

        public Snapshot Diagonalise(double beta)
        {
            var (alpha, offDiagonal) = CurrentBlock();
            var (values, last) = SymmetricTridiagonal.Solve(alpha, offDiagonal);
            var block = values.Select((v, i) => new Ritz(v, Math.Abs(beta * last[i]), blocks.Count, i)).ToArray();
            var all = closed.Concat(block).OrderByDescending(r => r.Value).ToArray();
            var scale = all.Max(r => Math.Abs(r.Value));
            normEstimate = Math.Max(normEstimate, Math.Max(beta, scale));
            return new Snapshot(all, block, block[^1], block[0], scale, normEstimate, options.K, options.BottomK, options.Tolerance);
        }

        (double[] Alpha, double[] OffDiagonal) CurrentBlock()
        {
            var start = recurrence.BlockStart;
            var size = recurrence.Alpha.Count - start;
            return (recurrence.Alpha.Skip(start).ToArray(), recurrence.Beta.Skip(start).Take(size - 1).ToArray());
        }

        /// <summary>Keeps the invariant block's Ritz pairs (their bounds hold the dropped β); the next block starts after it.</summary>
        public void CloseBlock(Snapshot snapshot)
        {
            closed.AddRange(snapshot.Block);
            blocks.Add(new ClosedBlock(recurrence.BlockStart, options.TopVectors ? CurrentVectors() : null));
        }

        double[][] CurrentVectors()
        {
            var (alpha, offDiagonal) = CurrentBlock();
            return SymmetricTridiagonal.SolveFully(alpha, offDiagonal).Vectors;
        }

        public LanczosResult Result(Snapshot snapshot, LanczosStopReason reason)
        {
            var top = snapshot.All.Take(options.K).ToArray();
            var bottom = snapshot.All.Reverse().Take(options.BottomK).ToArray();
            RitzValue Report(Ritz r) => new(r.Value, r.Bound, snapshot.IsConverged(r.Bound));
            return new LanczosResult(top.Select(Report).ToArray(), recurrence.Count, recurrence.Applications, Restarts, reason)
            {
                Bottom = bottom.Select(Report).ToArray(),
                TopVectors = options.TopVectors ? RitzVectors(top) : null,
                Sweeps = recurrence.Sweeps,
                RitzOrthogonalisations = recurrence.RitzOrthogonalisations,
            };
        }

        double[][] RitzVectors(Ritz[] wanted)
        {
            var current = new ClosedBlock(recurrence.BlockStart, CurrentVectors());
            return wanted.Select(r =>
            {
                var block = r.Block < blocks.Count ? blocks[r.Block] : current;
                var s = block.Vectors!.Select(row => row[r.Index]).ToArray(); // column Index of Z: the eigenvector of T
                return recurrence.Basis.Combine(block.Start, s);
            }).ToArray();
        }
    }

    /// <param name="All">Every Ritz value with its bound, descending.</param>
    /// <param name="Block">The Ritz pairs of the newest block (since the last restart), ascending.</param>
    /// <param name="Scale">max|θ| now, the yardstick of the convergence test.</param>
    /// <param name="NormEstimate">The largest |θ| or β seen so far, a lower estimate of ‖A‖, for the breakdown test.</param>
    readonly record struct Snapshot(
        Ritz[] All, Ritz[] Block, Ritz BlockTop, Ritz BlockBottom,
        double Scale, double NormEstimate, int K, int BottomK, double Tolerance)
    {
        public bool IsConverged(double bound) => bound <= Tolerance * Scale;

        /// <summary>
        /// The wanted pairs have converged and nothing unexplored can outrank them. At the top: either the newest block is
        /// still growing and its largest Ritz value has converged (in the first block that value is the overall top), or
        /// the newest block is invariant and its largest value is no more than the K-th. At the bottom, the mirror image.
        /// </summary>
        public bool HasConverged(bool breakdown)
        {
            if (All.Length < Math.Max(K, BottomK)) return false;
            for (var i = 0; i < K; i++)
                if (!IsConverged(All[i].Bound)) return false;
            for (var i = 0; i < BottomK; i++)
                if (!IsConverged(All[^(i + 1)].Bound)) return false;
            var topDone = K == 0 || (breakdown
                ? BlockTop.Value <= All[K - 1].Value + Tolerance * Scale
                : IsConverged(BlockTop.Bound));
            var bottomDone = BottomK == 0 || (breakdown
                ? BlockBottom.Value >= All[^BottomK].Value - Tolerance * Scale
                : IsConverged(BlockBottom.Bound));
            return topDone && bottomDone;
        }

        /// <summary>
        /// The step as a run reports it, every Ritz value (descending) with its bound: the caller, which knows the
        /// checkpoint and the operator, names them and thins the values (<see cref="RitzValueSample.Iteration"/>).
        /// </summary>
        public LanczosIteration ToIteration(int iteration, int applications) =>
            new(Checkpoint: "", iteration, All.Select(r => r.Value).ToArray(), All.Select(r => r.Bound).ToArray(), applications);
    }
}
