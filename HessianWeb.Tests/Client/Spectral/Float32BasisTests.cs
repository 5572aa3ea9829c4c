using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Spectral;

/// <summary>
/// A float32 operator's Lanczos basis is stored in float32 while its recurrence stays float64: the basis keeps the newest
/// vectors exact and their rounded rows; Lanczos on it still meets the dense spectrum to float32 accuracy.
/// </summary>
public class Float32BasisTests
{
    /// <summary>Exact float64 products that say they are only float32-accurate, so Lanczos takes a float32 basis.</summary>
    sealed class DeclaredFloat32(ISymmetricOperator inner) : ISymmetricOperator
    {
        public int Dimension => inner.Dimension;
        public void Apply(ReadOnlySpan<double> vector, Span<double> result) => inner.Apply(vector, result);
        public double RelativeAccuracy => MachineEpsilon.Float32;
    }

    static double[] RandomVector(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    [Fact]
    public void The_newest_two_vectors_stay_exact_and_every_row_is_their_float32_rounding()
    {
        const int n = 101; // no multiple of a vector width
        using var basis = new LanczosBasis(n, 4, single: true);
        var vectors = Enumerable.Range(0, 3).Select(i => RandomVector(n, i)).ToArray();
        foreach (var v in vectors) basis.Append(v, 0.3);

        for (var i = 1; i < 3; i++)
            Assert.Equal(vectors[i].Select(x => x * 0.3), basis.Recent(i).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => basis.Recent(0).ToArray());
        for (var i = 0; i < 3; i++)
            Assert.Equal(vectors[i].Select(x => (double)(float)(x * 0.3)), basis.Combine(i, [1.0]));
    }

    [Fact]
    public void A_sweep_leaves_w_orthogonal_to_the_stored_rows_to_their_rounding()
    {
        const int n = 203;
        using var basis = new LanczosBasis(n, 3, single: true);
        var kept = new List<double[]>();
        for (var i = 0; i < 3; i++)
        {
            var v = RandomVector(n, 10 + i);
            foreach (var q in kept) // orthonormal in float64, as Lanczos vectors are
            {
                var c = q.Zip(v).Sum(p => p.First * p.Second);
                for (var k = 0; k < n; k++) v[k] -= c * q[k];
            }
            var norm = Math.Sqrt(v.Sum(x => x * x));
            kept.Add(v.Select(x => x / norm).ToArray());
            basis.Append(v, 1 / norm);
        }
        var w = RandomVector(n, 20);
        var before = Math.Sqrt(w.Sum(x => x * x));
        using var tensor = TorchSharp.torch.tensor(w);

        basis.Orthogonalise(tensor);

        var swept = tensor.data<double>().ToArray();
        for (var i = 0; i < 3; i++)
        {
            // The stored rows are orthonormal to their float32 rounding, so one pass leaves that much along each.
            var row = basis.Combine(i, [1.0]);
            var dot = row.Zip(swept).Sum(p => p.First * p.Second);
            Assert.True(Math.Abs(dot) <= 1e-6 * before, $"row {i}: {dot:E3}");
            Assert.True(Math.Abs(kept[i].Zip(swept).Sum(p => p.First * p.Second)) <= 1e-6 * before, $"exact vector {i}");
        }
    }

    [Theory]
    [InlineData(Reorthogonalisation.Full)]
    [InlineData(Reorthogonalisation.Partial)]
    [InlineData(Reorthogonalisation.Selective)]
    public void Lanczos_on_a_float32_basis_meets_the_dense_spectrum_and_its_ritz_vectors_their_bounds(Reorthogonalisation mode)
    {
        var eigenvalues = Enumerable.Range(0, 6).Select(i => 40 * Math.Pow(0.6, i))
            .Concat(Enumerable.Range(0, 150).Select(i => 0.5 * Math.Sin(i) * Math.Sin(i)))
            .Concat(Enumerable.Range(0, 5).Select(i => -3 + 0.4 * i))
            .ToArray();
        var matrix = KnownSpectrum.Matrix(eigenvalues, 1);
        var truth = KnownSpectrum.DenseEigenvalues(matrix);
        var dense = new DenseSymmetricOperator(matrix);
        var op = new DeclaredFloat32(dense);
        var scale = truth.Max(Math.Abs);
        const double slack = 1e-6; // float32 rounding of the rows, against max|λ|

        var result = Lanczos.ExtremeEigenvalues(op, new LanczosOptions(K: 5, MaxSteps: 161, Tolerance: 1e-7, Seed: 3, BottomK: 4, TopVectors: true, Reorthogonalisation: mode));

        Assert.True(result.AllConverged, $"{result.StopReason} after {result.Iterations}");
        void Check(IReadOnlyList<RitzValue> found, double[] expected)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                var error = Math.Abs(found[i].Value - expected[i]);
                Assert.True(error <= slack * scale, $"#{i}: {found[i].Value:R} vs {expected[i]:R}");
                Assert.True(error <= found[i].ResidualBound + slack * scale, $"#{i}: error {error:E3} above bound {found[i].ResidualBound:E3}");
            }
        }
        Check(result.Top, truth.Take(5).ToArray());
        Check(result.Bottom, truth.Reverse().Take(4).ToArray());

        var product = new double[eigenvalues.Length];
        for (var i = 0; i < 5; i++)
        {
            var y = result.TopVectors![i];
            Assert.Equal(1, Math.Sqrt(y.Sum(x => x * x)), slack);
            dense.Apply(y, product);
            var residual = Math.Sqrt(product.Select((p, r) => Math.Pow(p - result.Top[i].Value * y[r], 2)).Sum());
            Assert.True(residual <= result.Top[i].ResidualBound + slack * scale, $"#{i}: ‖Ay − θy‖ = {residual:E3}, bound {result.Top[i].ResidualBound:E3}");
        }
    }
}
