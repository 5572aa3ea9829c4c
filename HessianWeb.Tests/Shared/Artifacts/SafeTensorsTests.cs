using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Shared.Artifacts;

/// <summary>The safetensors writer and reader against each other and against a file laid out by hand from the format's description.</summary>
public sealed class SafeTensorsTests
{
    static NamedTensor Tensor<T>(string name, string dtype, long[] shape, params T[] values) where T : struct =>
        new(name, dtype, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    static readonly NamedTensor[] Mixed =
    [
        Tensor("w", "float32", [2, 3], 1f, -2f, 3.5f, 0f, float.Epsilon, float.MaxValue),
        Tensor("b", "float64", [3], Math.PI, -0.0, double.MinValue),
        Tensor("labels", "int64", [2, 2], 0L, 3L, long.MinValue, long.MaxValue),
        Tensor("scalar", "float64", [], 42.0),
        Tensor<double>("empty", "float64", [0, 5]),
    ];

    [Fact]
    public async Task Written_tensors_read_back_with_their_names_dtypes_shapes_bytes_and_metadata()
    {
        using var file = new MemoryStream();
        await SafeTensorsWriter.WriteAsync(file, Mixed, new Dictionary<string, string> { ["run"] = "r1", ["checkpoint"] = "end·2" });

        file.Position = 0;
        var header = await SafeTensorsReader.ReadHeaderAsync(file);
        Assert.Equal(0, header.DataStart % 8); // padded so the data is 8-byte aligned
        Assert.Equal(new[] { "w", "b", "labels", "scalar", "empty" }, header.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { "F32", "F64", "I64", "F64", "F64" }, header.Tensors.Select(t => t.Dtype));
        Assert.Equal(new long[] { 2, 3 }, header["w"].Shape);
        Assert.Empty(header["scalar"].Shape);
        Assert.Equal(new[] { (0L, 24L), (24L, 48L), (48L, 80L), (80L, 88L), (88L, 88L) }, header.Tensors.Select(t => (t.Begin, t.End)));
        Assert.Equal(file.Length, header.DataStart + header.DataLength);
        Assert.Equal("end·2", header.Metadata["checkpoint"]);
        Assert.Equal("r1", header.Metadata["run"]);

        file.Position = 0;
        var read = await SafeTensorsReader.ReadAsync(file);
        Assert.Equal(Mixed.Length, read.Count);
        foreach (var (expected, actual) in Mixed.Zip(read))
        {
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Dtype, actual.Dtype);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.Data, actual.Data);
        }
    }

    [Fact]
    public async Task The_header_is_what_the_format_describes_a_length_then_json_padded_with_spaces()
    {
        using var file = new MemoryStream();
        await SafeTensorsWriter.WriteAsync(file, [Tensor("a", "float32", [1], 1f)]);
        var bytes = file.ToArray();

        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var json = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Matches(@"^\{.*\} *$", json);
        using var document = JsonDocument.Parse(json);
        var a = document.RootElement.GetProperty("a");
        Assert.Equal("F32", a.GetProperty("dtype").GetString());
        Assert.Equal(new long[] { 1 }, a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(new long[] { 0, 4 }, a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.False(document.RootElement.TryGetProperty("__metadata__", out _));
        Assert.Equal(1f, BitConverter.ToSingle(bytes, (int)(8 + n)));
        Assert.Equal(8 + n + 4, bytes.Length);
    }

    /// <summary>Laid out by hand: entries out of data order, no padding, metadata last; ints after floats.</summary>
    [Fact]
    public async Task A_file_written_by_hand_per_the_format_is_read()
    {
        const string json = """{"y":{"dtype":"I64","shape":[2],"data_offsets":[16,32]},"x":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"__metadata__":{"format":"pt"}}""";
        var header = Encoding.UTF8.GetBytes(json);
        using var file = new MemoryStream();
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        file.Write(prefix);
        file.Write(header);
        foreach (var v in new[] { 1.5, -2.25 }) { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); file.Write(b); }
        foreach (var v in new[] { 7L, -1L }) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); file.Write(b); }

        file.Position = 0;
        var tensors = await SafeTensorsReader.ReadAsync(file);

        Assert.Equal(new[] { "x", "y" }, tensors.Select(t => t.Name)); // data order
        Assert.Equal("float64", tensors[0].Dtype);
        Assert.Equal(new long[] { 1, 2 }, tensors[0].Shape);
        Assert.Equal(new[] { 1.5, -2.25 }, MemoryMarshal.Cast<byte, double>(tensors[0].Data).ToArray());
        Assert.Equal("int64", tensors[1].Dtype);
        Assert.Equal(new[] { 7L, -1L }, MemoryMarshal.Cast<byte, long>(tensors[1].Data).ToArray());
        file.Position = 0;
        Assert.Equal("pt", (await SafeTensorsReader.ReadHeaderAsync(file)).Metadata["format"]);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "needs 8")] // shape and range disagree
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "contiguous")] // a hole at the start
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", 8, "contiguous")] // overlap
    [InlineData("""{"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}""", 2, "BF16")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "negative")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", 4, "data_offsets")]
    [InlineData("""[1, 2]""", 0, "not a JSON object")]
    [InlineData("""{"a":""", 0, "not JSON")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "ends inside")] // truncated data
    public async Task Malformed_files_are_refused_saying_why(string json, int dataBytes, string reason)
    {
        var header = Encoding.UTF8.GetBytes(json);
        using var file = new MemoryStream();
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        file.Write(prefix);
        file.Write(header);
        file.Write(new byte[dataBytes]);
        file.Position = 0;

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsReader.ReadAsync(file));
        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public async Task A_header_length_beyond_the_file_or_the_limit_is_refused()
    {
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, ulong.MaxValue);
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsReader.ReadHeaderAsync(new MemoryStream(prefix)));
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsReader.ReadHeaderAsync(new MemoryStream(new byte[3])));
    }

    [Theory]
    [InlineData("float16")]
    [InlineData("F64")]
    public async Task The_writer_refuses_dtypes_other_than_float32_float64_int64(string dtype)
    {
        var tensor = new NamedTensor("a", dtype, [1], new byte[8]);
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsWriter.WriteAsync(Stream.Null, [tensor]));
    }

    [Fact]
    public async Task The_writer_refuses_bytes_that_do_not_fit_the_shape_and_repeated_or_missing_names()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsWriter.WriteAsync(Stream.Null, [new NamedTensor("a", "float64", [2], new byte[8])]));
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsWriter.WriteAsync(Stream.Null, [new NamedTensor("a", "float64", [1], null)]));
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsWriter.WriteAsync(Stream.Null, [Tensor("a", "int64", [1], 1L), Tensor("a", "int64", [1], 2L)]));
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTensorsWriter.WriteAsync(Stream.Null, [Tensor("", "int64", [1], 1L)]));
    }
}
