using HessianWeb.Client.Curvature;
using HessianWeb.Client.Spectral;
using HessianWeb.Tests.Spectral;
using TorchSharp;

namespace HessianWeb.Tests.Curvature;

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
}
