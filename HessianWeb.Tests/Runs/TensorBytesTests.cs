using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Runs;

public class TensorBytesTests
{
    [Fact]
    public void Elements_travel_row_major_little_endian_under_their_dtype_names()
    {
        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(new double[] { 1, 2, 3, -0.5, 0, 1e-300 }, [2, 3], dtype: ScalarType.Float64);

        var named = TensorBytes.From("m", matrix.t()); // a transposed view: its elements in its own row-major order

        Assert.Equal(("m", "float64"), (named.Name, named.Dtype));
        Assert.Equal([3L, 2], named.Shape);
        Assert.Equal(48, named.Data!.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }, named.Data[..8]);      // 1.0
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0xE0, 0xBF }, named.Data[8..16]);    // −0.5, [0, 1] of the transpose
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, TensorBytes.From("i", torch.tensor(new long[] { 1 })).Data![..4]);
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3F }, TensorBytes.From("f", torch.tensor(new float[] { 1 })).Data);
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Int64)]
    public void A_tensor_round_trips(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var original = (torch.arange(24, dtype: ScalarType.Float64) * 1.25 - 7).reshape(2, 3, 4).to(dtype);

        var back = TensorBytes.ToTensor(TensorBytes.From("t", original));

        Assert.Equal(dtype, back.dtype);
        Assert.Equal(original.shape, back.shape);
        Assert.True(back.eq(original).all().item<bool>());
    }

    [Fact]
    public void Bytes_that_do_not_fit_the_shape_or_an_unknown_dtype_are_refused()
    {
        var good = new NamedTensor("w", "float32", [2, 2], new byte[16]);

        Assert.Contains("needs 16 bytes", Assert.Throws<ArgumentException>(() => TensorBytes.ToTensor(good with { Data = new byte[12] })).Message);
        Assert.Throws<ArgumentException>(() => TensorBytes.ToTensor(good with { Shape = [2, -2] }));
        Assert.Throws<ArgumentException>(() => TensorBytes.ToTensor(good with { Data = null }));
        Assert.Contains("float16", Assert.Throws<ArgumentException>(() => TensorBytes.ToTensor(good with { Dtype = "float16" })).Message);
    }
}
