using System.Runtime.InteropServices;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Runs;

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

/// <summary>An artifact's safetensors file streamed from the tensors where they lie (<see cref="ArtifactContent.File"/>).</summary>
public class ArtifactContentTests
{
    [Fact]
    public async Task A_data_set_read_in_pieces_at_any_offset_is_the_writers_file_of_its_concatenated_batches()
    {
        using var scope = torch.NewDisposeScope();
        // Three batches of 5, 2 and 6 rows of 3 values; the labels likewise. Pieces of 2 rows at most: rows never cut.
        var batches = new[] { 5L, 2, 6 }.Select((rows, b) => (torch.arange(rows * 3, dtype: ScalarType.Float64) * 0.5 + 100 * b).reshape(rows, 3)).ToArray();
        var labels = new[] { 5L, 2, 6 }.Select((rows, b) => torch.arange(rows, dtype: ScalarType.Int64) + 10 * b).ToArray();
        using var content = new ArtifactContent("init", ArtifactKinds.Data,
            [TensorContent.FromTensors("x", batches, maxPieceBytes: 2 * 3 * 8), TensorContent.FromTensors("y", labels, maxPieceBytes: 16)]);
        var metadata = new Dictionary<string, string> { ["kind"] = "data" };

        // Expected: the concatenations' elements copied out by torch, written whole by the safetensors writer.
        var x = torch.cat(batches, 0);
        var y = torch.cat(labels, 0);
        using var whole = new MemoryStream();
        await SafeTensorsWriter.WriteAsync(whole,
        [
            new NamedTensor("x", "float64", [13, 3], MemoryMarshal.AsBytes(x.data<double>().ToArray().AsSpan()).ToArray()),
            new NamedTensor("y", "int64", [13], MemoryMarshal.AsBytes(y.data<long>().ToArray().AsSpan()).ToArray()),
        ], metadata);
        var expected = whole.ToArray();

        var file = content.File(metadata);
        Assert.Equal(expected.LongLength, file.Length);
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var offset = random.Next(expected.Length);
            var buffer = new byte[random.Next(expected.Length - offset + 1)];
            file.Read(offset, buffer);
            Assert.Equal(expected.AsSpan(offset, buffer.Length).ToArray(), buffer);
        }
        Assert.Equal([13L, 3], content.Tensors[0].Shape);
    }
}
