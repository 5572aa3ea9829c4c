using HessianWeb.Client.Spectral;

namespace HessianWeb.Tests.Client.Spectral;

public class DenseSymmetricOperatorTests
{
    [Fact]
    public void Multiplies_by_the_matrix()
    {
        var op = new DenseSymmetricOperator(new double[,] { { 2, 1 }, { 1, 3 } });
        var result = new double[2];
        op.Apply([1, -1], result);
        Assert.Equal(new[] { 1.0, -2 }, result);
    }

    [Fact]
    public void Refuses_a_matrix_that_is_not_symmetric()
    {
        var error = Assert.Throws<ArgumentException>(() => new DenseSymmetricOperator(new double[,] { { 1, 2 }, { 0, 1 } }));
        Assert.Contains("not symmetric", error.Message);
    }

    [Fact]
    public void Refuses_a_vector_of_the_wrong_length()
    {
        var op = new DenseSymmetricOperator(new double[3, 3]);
        Assert.Throws<ArgumentException>(() => op.Apply(new double[2], new double[3]));
    }
}
