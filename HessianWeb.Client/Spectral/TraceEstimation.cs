using System.Runtime.InteropServices;
using HessianWeb.Client.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace HessianWeb.Client.Spectral;

/// <summary>Randomised estimates of tr(A) from products with A alone.</summary>
public static class TraceEstimation
{
    /// <summary>Hutchinson's estimator: the mean of zᵀAz over random probes z with E[z·zᵀ] = I.</summary>
    /// <remarks>Hutchinson (1989), "A stochastic estimator of the trace of the influence matrix for Laplacian smoothing
    /// splines"; with Rademacher probes its variance is 2·Σ_{i≠j} A_ij², the least among such probes.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 probes.</exception>
    public static TraceEstimate Hutchinson(
        ISymmetricOperator op, int probes, ProbeDistribution distribution = ProbeDistribution.Rademacher, int seed = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (probes < 2) throw new ArgumentOutOfRangeException(nameof(probes), $"{probes} probes: at least 2, for a standard error.");
        var random = SeededRandom.For(RandomStream.Probes, seed);
        var z = new double[op.Dimension];
        var az = new double[op.Dimension];
        var samples = new double[probes];
        for (var l = 0; l < probes; l++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProbeVectors.Fill(random, distribution, z);
            op.Apply(z, az);
            samples[l] = TensorPrimitives.Dot(z, az);
        }
        var estimate = StochasticEstimate.Of(samples);
        return new TraceEstimate(estimate.Value, estimate.StandardError, probes, TraceMethod.Hutchinson);
    }

    /// <summary>Hutch++: the trace of A on a sketched top subspace exactly, Hutchinson on the rest.</summary>
    /// <remarks>Meyer, Musco, Musco &amp; Woodruff (2021), "Hutch++: optimal stochastic trace estimation", Algorithm 1:
    /// with m products, S of m/3 random columns, Q = orth(A·S), then tr(A) ≈ tr(QᵀAQ) + (1/g)·Σ_i g_iᵀ(I − QQᵀ)A(I − QQᵀ)g_i
    /// over the g = m − 2·(m/3) remaining probes. The first term is exact given Q and tr(QᵀAQ) + tr((I − QQᵀ)A(I − QQᵀ)) =
    /// tr(A), so the estimate is unbiased and its standard error is the remainder's. Error O(1/m) against Hutchinson's
    /// O(1/√m) when A has a few large eigenvalues, as a Hessian's outliers. Holds the m/3 sketch vectors.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 4 products (one sketch column, two remainder probes).</exception>
    public static TraceEstimate HutchPlusPlus(
        ISymmetricOperator op, int products, ProbeDistribution distribution = ProbeDistribution.Rademacher, int seed = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (products < 4) throw new ArgumentOutOfRangeException(nameof(products), $"{products} products: Hutch++ needs at least 4.");
        var n = op.Dimension;
        var sketch = Math.Min(products / 3, n);
        var remainder = products - 2 * (products / 3);
        var random = SeededRandom.For(RandomStream.Probes, seed);
        var z = new double[n];
        var az = new double[n];

        using var scope = torch.NewDisposeScope();
        var images = torch.empty([sketch, n], dtype: ScalarType.Float64);
        for (var i = 0; i < sketch; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProbeVectors.Fill(random, distribution, z);
            op.Apply(z, az);
            using var row = images[i];
            az.CopyTo(MemoryMarshal.Cast<byte, double>(row.bytes));
        }
        var (q, _) = torch.linalg.qr(images.t(), torch.linalg.QRMode.Reduced);
        var basis = q.t().contiguous(); // [sketch × n], orthonormal rows

        double exact = 0;
        for (var i = 0; i < sketch; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var row = basis[i];
            var qi = MemoryMarshal.Cast<byte, double>(row.bytes);
            op.Apply(qi, az);
            exact += TensorPrimitives.Dot(qi, az);
        }

        var samples = new double[remainder];
        var projected = torch.empty(n, dtype: ScalarType.Float64);
        for (var l = 0; l < remainder; l++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProbeVectors.Fill(random, distribution, z);
            using (var inner = torch.NewDisposeScope())
            {
                z.CopyTo(MemoryMarshal.Cast<byte, double>(projected.bytes));
                projected.addmv_(basis.t(), basis.mv(projected), beta: 1, alpha: -1); // (I − QQᵀ)·g
            }
            var g = MemoryMarshal.Cast<byte, double>(projected.bytes);
            op.Apply(g, az);
            samples[l] = TensorPrimitives.Dot(g, az);
        }
        var rest = StochasticEstimate.Of(samples);
        return new TraceEstimate(exact + rest.Value, rest.StandardError, 2 * sketch + remainder, TraceMethod.HutchPlusPlus);
    }
}
