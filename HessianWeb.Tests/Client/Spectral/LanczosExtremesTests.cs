using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Spectral;

public class LanczosExtremesTests
{
    const double RoundingSlack = 1e-12;

    static (LanczosResult Result, double[] Truth, double[,] Matrix, DenseSymmetricOperator Op) Run(double[] eigenvalues, LanczosOptions options, int matrixSeed = 1)
    {
        var matrix = KnownSpectrum.Matrix(eigenvalues, matrixSeed);
        var op = new DenseSymmetricOperator(matrix);
        return (Lanczos.ExtremeEigenvalues(op, options), KnownSpectrum.DenseEigenvalues(matrix), matrix, op);
    }

    /// <summary>A top of geometric outliers, a bulk, and a negative tail: the shape of a Hessian's spectrum.</summary>
    static double[] HessianLike() =>
        Enumerable.Range(0, 6).Select(i => 40 * Math.Pow(0.6, i))
            .Concat(Enumerable.Range(0, 150).Select(i => 0.5 * Math.Sin(i) * Math.Sin(i)))
            .Concat(Enumerable.Range(0, 5).Select(i => -3 + 0.4 * i))
            .ToArray();

    static void AssertMatches(IReadOnlyList<RitzValue> found, IEnumerable<double> truth, double scale, double tolerance)
    {
        var expected = truth.ToArray();
        Assert.Equal(expected.Length, found.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(found[i].Converged, $"#{i} not converged: {found[i]}");
            var error = Math.Abs(found[i].Value - expected[i]);
            Assert.True(error <= tolerance * scale, $"#{i}: {found[i].Value:R} vs {expected[i]:R}");
            Assert.True(error <= found[i].ResidualBound + RoundingSlack * scale, $"#{i}: error {error:E3} above bound {found[i].ResidualBound:E3}");
        }
    }

    [Theory]
    [InlineData(Reorthogonalisation.Full)]
    [InlineData(Reorthogonalisation.Partial)]
    [InlineData(Reorthogonalisation.Selective)]
    public void Top_and_bottom_converge_together_to_the_dense_spectrum(Reorthogonalisation mode)
    {
        var (result, truth, _, _) = Run(HessianLike(), new LanczosOptions(K: 5, MaxSteps: 161, Seed: 3, BottomK: 4, Reorthogonalisation: mode));
        var scale = truth.Max(Math.Abs);

        Assert.Equal(LanczosStopReason.Converged, result.StopReason);
        AssertMatches(result.Top, truth.Take(5), scale, 1e-10);
        AssertMatches(result.Bottom, truth.Reverse().Take(4), scale, 1e-10);
        Assert.True(result.Iterations < 161, $"took {result.Iterations} steps");
    }

    [Fact]
    public void Bottom_alone_needs_no_top()
    {
        var (result, truth, _, _) = Run(HessianLike(), new LanczosOptions(K: 0, MaxSteps: 161, Seed: 5, BottomK: 2));

        Assert.Empty(result.Top);
        AssertMatches(result.Bottom, truth.Reverse().Take(2), truth.Max(Math.Abs), 1e-10);
    }

    [Fact]
    public void Partial_reorthogonalisation_sweeps_the_basis_far_less_often_for_the_same_eigenvalues()
    {
        // Small relative gaps at both ends: a hundred steps or more, plenty of time to lose orthogonality.
        var eigenvalues = new[] { 10, 9.8, 9.6, 9.4 }.Concat(Enumerable.Range(0, 396).Select(i => -1 + 10.0 * i / 395)).ToArray();
        var options = new LanczosOptions(K: 6, MaxSteps: 400, Tolerance: 1e-10, Seed: 2, BottomK: 3);
        var (full, truth, _, _) = Run(eigenvalues, options);
        var (partial, _, _, _) = Run(eigenvalues, options with { Reorthogonalisation = Reorthogonalisation.Partial });

        Assert.True(full.Iterations >= 100, $"{full.Iterations} steps");
        Assert.InRange(full.Sweeps, full.Iterations, 2 * full.Iterations);
        Assert.True(partial.Sweeps < full.Sweeps / 3, $"{partial.Sweeps} sweeps against {full.Sweeps}");
        var scale = truth.Max(Math.Abs);
        AssertMatches(partial.Top, truth.Take(6), scale, 1e-10);
        AssertMatches(partial.Bottom, truth.Reverse().Take(3), scale, 1e-10);
    }

    [Fact]
    public void Selective_orthogonalisation_sweeps_less_than_partial_for_the_same_eigenvalues()
    {
        // As above: long enough for the converged pairs to pull the new vectors towards themselves again and again.
        var eigenvalues = new[] { 10, 9.8, 9.6, 9.4 }.Concat(Enumerable.Range(0, 396).Select(i => -1 + 10.0 * i / 395)).ToArray();
        var options = new LanczosOptions(K: 6, MaxSteps: 400, Tolerance: 1e-10, Seed: 2, BottomK: 3, Reorthogonalisation: Reorthogonalisation.Partial);
        var (partial, truth, _, _) = Run(eigenvalues, options);
        var (selective, _, _, _) = Run(eigenvalues, options with { Reorthogonalisation = Reorthogonalisation.Selective });

        Assert.True(partial.Sweeps > 0, "no loss of orthogonality to guard against");
        Assert.True(selective.Sweeps < partial.Sweeps, $"{selective.Sweeps} sweeps against {partial.Sweeps}");
        Assert.True(selective.RitzOrthogonalisations > 0);
        Assert.Equal(0, partial.RitzOrthogonalisations);
        var scale = truth.Max(Math.Abs);
        AssertMatches(selective.Top, truth.Take(6), scale, 1e-10);
        AssertMatches(selective.Bottom, truth.Reverse().Take(3), scale, 1e-10);
    }

    [Fact]
    public void Top_ritz_vectors_are_unit_eigenvector_estimates_within_their_bounds()
    {
        var eigenvalues = HessianLike();
        var (result, _, matrix, op) = Run(eigenvalues, new LanczosOptions(K: 4, MaxSteps: 161, Seed: 8, TopVectors: true));
        var n = eigenvalues.Length;

        Assert.NotNull(result.TopVectors);
        Assert.Equal(4, result.TopVectors.Count);
        var product = new double[n];
        for (var i = 0; i < 4; i++)
        {
            var y = result.TopVectors[i];
            Assert.Equal(1, Math.Sqrt(y.Sum(x => x * x)), 1e-12);
            op.Apply(y, product);
            var residual = Math.Sqrt(product.Select((p, r) => Math.Pow(p - result.Top[i].Value * y[r], 2)).Sum());
            Assert.True(residual <= result.Top[i].ResidualBound + RoundingSlack * 40, $"#{i}: ‖Ay − θy‖ = {residual:E3}, bound {result.Top[i].ResidualBound:E3}");
        }
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < i; j++)
                Assert.True(Math.Abs(result.TopVectors[i].Zip(result.TopVectors[j]).Sum(p => p.First * p.Second)) <= 1e-10);
    }

    [Theory]
    [InlineData(Reorthogonalisation.Full)]
    [InlineData(Reorthogonalisation.Selective)]
    public void Ritz_vectors_of_a_repeated_eigenvalue_come_from_every_restarted_block(Reorthogonalisation mode)
    {
        // Each Krylov block holds one copy of 9: the three top vectors come from three blocks and span its eigenspace.
        var eigenvalues = Enumerable.Repeat(9.0, 3).Concat(Enumerable.Repeat(4.0, 3)).Concat(Enumerable.Repeat(0.0, 30)).ToArray();
        var (result, _, _, op) = Run(eigenvalues, new LanczosOptions(K: 3, MaxSteps: 36, Seed: 4, TopVectors: true, Reorthogonalisation: mode));

        Assert.True(result.Restarts >= 2);
        var product = new double[eigenvalues.Length];
        foreach (var y in result.TopVectors!)
        {
            op.Apply(y, product);
            Assert.True(product.Zip(y).All(p => Math.Abs(p.First - 9 * p.Second) <= 1e-10), "not an eigenvector of 9");
        }
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < i; j++)
                Assert.True(Math.Abs(result.TopVectors[i].Zip(result.TopVectors[j]).Sum(p => p.First * p.Second)) <= 1e-10);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 2)]
    [InlineData(2, 11)]
    public void Invalid_counts_are_refused(int k, int bottom)
    {
        var op = new DenseSymmetricOperator(KnownSpectrum.Matrix(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lanczos.ExtremeEigenvalues(op, new LanczosOptions(k, 10, BottomK: bottom)));
    }
}
