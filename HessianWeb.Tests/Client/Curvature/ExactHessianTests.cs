using HessianWeb.Client.Curvature;
using HessianWeb.Client.Spectral;
using HessianWeb.Tests.Client.Spectral;
using System.Runtime.InteropServices;
using TorchSharp;

namespace HessianWeb.Tests.Client.Curvature;

public class ExactHessianTests
{
    sealed class Unapplicable(int dimension) : ISymmetricOperator
    {
        public int Dimension => dimension;
        public void Apply(ReadOnlySpan<double> vector, Span<double> result) => throw new InvalidOperationException("Not to be called.");
    }

    [Fact]
    public void Refuses_more_than_five_thousand_parameters_naming_the_memory()
    {
        var error = Assert.Throws<ExactHessianTooLargeException>(() => ExactHessian.Assemble(new Unapplicable(20_000)));
        Assert.Equal(20_000, error.Parameters);
        Assert.Contains("3.2 GB", error.Message);
        Assert.Contains("5,000", error.Message);
    }

    [Fact]
    public void Assembles_a_dense_operator_and_finds_its_eigenvalues_in_descending_order()
    {
        double[] eigenvalues = [4, -2, 0.5, 0, 0, 3, -1];
        var matrix = KnownSpectrum.Matrix(eigenvalues, seed: 6);
        var assembled = ExactHessian.Assemble(new DenseSymmetricOperator(matrix));
        Assert.Equal(matrix.Cast<double>(), assembled);

        var computed = ExactHessian.Eigenvalues(assembled, eigenvalues.Length, torch.CPU);
        var expected = eigenvalues.OrderByDescending(x => x).ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], computed[i], 1e-12);
    }

    [Fact]
    public void When_lapack_refuses_the_second_driver_gives_the_same_spectrum()
    {
        // Repeated and clustered eigenvalues, the hard case for any symmetric driver.
        double[] eigenvalues = [.. Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 1.0 : i % 3 == 1 ? 1 + 1e-9 * i : -0.25 * i)];
        var matrix = KnownSpectrum.Matrix(eigenvalues, seed: 11);
        var assembled = ExactHessian.Assemble(new DenseSymmetricOperator(matrix));
        string? refusal = null;

        var computed = ExactHessian.Eigenvalues(assembled, eigenvalues.Length,
            _ => throw new ExternalException("linalg.eigh: The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated eigenvalues (error code: 409)."),
            message => refusal = message);

        Assert.Contains("error code: 409", refusal);
        var expected = eigenvalues.OrderByDescending(x => x).ToArray();
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - computed[i]) <= 1e-12 * scale, $"λ_{i}: {computed[i]} vs {expected[i]}");
        var lapack = ExactHessian.Eigenvalues(assembled, eigenvalues.Length, torch.CPU);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(lapack[i] - computed[i]) <= 1e-12 * scale, $"λ_{i}: QL {computed[i]} vs LAPACK {lapack[i]}");
    }

    [Fact]
    public void Lapack_is_the_first_driver_and_the_second_is_not_called_when_it_succeeds()
    {
        var matrix = KnownSpectrum.Matrix([2, 1, -1], seed: 3);
        var called = false;
        var computed = ExactHessian.Eigenvalues(ExactHessian.Assemble(new DenseSymmetricOperator(matrix)), 3, _ => [-1.0, 1, 2], _ => called = true);
        Assert.False(called);
        Assert.Equal([2.0, 1, -1], computed);
    }

    [Fact]
    public void A_matrix_with_a_nan_entry_is_refused_naming_the_entry()
    {
        var matrix = new double[9];
        matrix[5] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => ExactHessian.Eigenvalues(matrix, 3, torch.CPU));
        Assert.Contains("(1, 2)", error.Message);
        Assert.Contains("NaN", error.Message);
    }
}
