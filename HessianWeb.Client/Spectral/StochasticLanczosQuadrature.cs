using HessianWeb.Client.Randomness;

namespace HessianWeb.Client.Spectral;

/// <summary>The spectral density of a symmetric operator by stochastic Lanczos quadrature (SLQ).</summary>
/// <remarks>
/// <para>Ubaru, Chen &amp; Saad (2017), "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature", SIAM J. Matrix
/// Anal. Appl. 38; as used for Hessians by Ghorbani, Krishnan &amp; Xiao (2019), "An investigation into neural net
/// optimization via Hessian eigenvalue density". For each of n_v random probes v (Rademacher or Gaussian, normalised),
/// m Lanczos steps from v give T_m; its eigenvalues θ_i are the quadrature nodes and the squared first components τ_i
/// of its unit eigenvectors the weights (<see cref="QuadratureRule"/>). Since E[v·vᵀ] = I/n for the normalised probes,
/// each probe's Σ τ_i·g(θ_i) is an unbiased estimate of tr(g(A))/n for polynomials g of degree ≤ 2m − 1, the moments
/// in particular.</para>
/// <para>The density is Σ_i τ_i·N(t; θ_i, σ²) per probe, averaged over probes. The default σ is 1% of the spectrum's
/// range (max − min node over all probes), a choice between resolving the outliers and smoothing the bulk that the user
/// can override with an absolute width. On the grid every probe's density is renormalised to integrate to exactly 1 by
/// the trapezoid rule; the grid reaches 6σ past the extreme nodes, where a Gaussian's tail is below 1e-9.</para>
/// <para>A probe whose Lanczos run breaks down (β ≈ 0: the Krylov space is invariant) stops early: its quadrature is then
/// exact for every polynomial. Each probe's basis is reorthogonalised as the options say (full by default, as
/// Ghorbani et al. do); the basis memory is reused from probe to probe.</para>
/// </remarks>
public static class StochasticLanczosQuadrature
{
    const double BreakdownTolerance = 1e-12;
    const double GridReach = 6;

    /// <exception cref="ArgumentOutOfRangeException">No probes, fewer than 1 step or 2 grid points, or a width
    /// that is not positive and finite.</exception>
    /// <exception cref="ArgumentException">The grid is too coarse for the width (spacing above σ/2).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps.</exception>
    public static SpectralDensity Estimate(ISymmetricOperator op, SpectralDensityOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var quadratures = Quadratures(op, options, cancellationToken, out var applications);

        var nodes = quadratures.SelectMany(q => q.Nodes).ToArray();
        var (low, high) = (nodes.Min(), nodes.Max());
        var width = options.Width ?? DefaultWidth(low, high, options.RelativeWidth);
        var grid = Grid(low - GridReach * width, high + GridReach * width, options.GridPoints);
        if (grid[1] - grid[0] > width / 2)
            throw new ArgumentException(
                $"A grid of {options.GridPoints:N0} points is too coarse for the width σ = {width:G3} over [{grid[0]:G4}, {grid[^1]:G4}]: " +
                $"give at least {(int)Math.Ceiling(2 * (grid[^1] - grid[0]) / width) + 1:N0} points or a larger width.", nameof(options));

        var probeDensities = quadratures.Select(q => Broaden(q, grid, width)).ToArray();
        var density = new double[grid.Length];
        foreach (var probe in probeDensities)
            for (var i = 0; i < grid.Length; i++) density[i] += probe[i] / probeDensities.Length;
        return new SpectralDensity(grid, density, probeDensities, quadratures, width, applications);
    }

    static void Validate(SpectralDensityOptions options)
    {
        if (options.Probes < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Probes = {options.Probes} must be at least 1.");
        if (options.Steps < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Steps = {options.Steps} must be at least 1.");
        if (options.GridPoints < 2) throw new ArgumentOutOfRangeException(nameof(options), $"GridPoints = {options.GridPoints} must be at least 2.");
        if (options.Width is { } w && !(w > 0 && double.IsFinite(w)))
            throw new ArgumentOutOfRangeException(nameof(options), $"Width = {w} must be a finite number above 0.");
        if (!(options.RelativeWidth > 0 && double.IsFinite(options.RelativeWidth)))
            throw new ArgumentOutOfRangeException(nameof(options), $"RelativeWidth = {options.RelativeWidth} must be a finite number above 0.");
        if (!Enum.IsDefined(options.Distribution) || !Enum.IsDefined(options.Reorthogonalisation))
            throw new ArgumentOutOfRangeException(nameof(options), "Unknown probe distribution or reorthogonalisation.");
    }

    static QuadratureRule[] Quadratures(ISymmetricOperator op, SpectralDensityOptions options, CancellationToken cancellationToken, out int applications)
    {
        var n = op.Dimension;
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(op), "The operator has no dimensions.");
        var steps = Math.Min(options.Steps, n);
        var random = SeededRandom.For(RandomStream.Probes, options.Seed);
        var probe = new double[n];
        var rules = new QuadratureRule[options.Probes];
        using var recurrence = new LanczosRecurrence(op, steps, options.Reorthogonalisation);
        for (var l = 0; l < rules.Length; l++)
        {
            recurrence.Reset();
            ProbeVectors.Fill(random, options.Distribution, probe);
            recurrence.Start(probe);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var beta = recurrence.Step();
                if (recurrence.Count == steps || beta <= BreakdownTolerance * recurrence.NormEstimate) break;
                recurrence.Continue(beta);
            }
            var alpha = recurrence.Alpha.ToArray();
            var (nodes, rows) = SymmetricTridiagonal.Solve(alpha, recurrence.Beta.ToArray(), [0]);
            rules[l] = new QuadratureRule(nodes, rows[0].Select(s => s * s).ToArray());
        }
        applications = recurrence.Applications;
        return rules;
    }

    /// <summary>σ = relative × range; for a spectrum of one point, relative × its magnitude (or relative itself at 0).</summary>
    static double DefaultWidth(double low, double high, double relative)
    {
        var range = high - low;
        if (range > 1e-12 * Math.Max(Math.Abs(low), Math.Abs(high))) return relative * range;
        var magnitude = Math.Max(Math.Abs(low), Math.Abs(high));
        return relative * (magnitude > 0 ? magnitude : 1);
    }

    static double[] Grid(double from, double to, int points)
    {
        var grid = new double[points];
        for (var i = 0; i < points; i++) grid[i] = from + (to - from) * i / (points - 1);
        return grid;
    }

    static double[] Broaden(QuadratureRule rule, double[] grid, double width)
    {
        var density = new double[grid.Length];
        var norm = 1 / (width * Math.Sqrt(2 * Math.PI));
        for (var k = 0; k < rule.Nodes.Length; k++)
            for (var i = 0; i < grid.Length; i++)
            {
                var z = (grid[i] - rule.Nodes[k]) / width;
                density[i] += rule.Weights[k] * norm * Math.Exp(-0.5 * z * z);
            }
        var integral = SpectralDensity.Trapezoid(grid, density);
        for (var i = 0; i < density.Length; i++) density[i] /= integral;
        return density;
    }
}
