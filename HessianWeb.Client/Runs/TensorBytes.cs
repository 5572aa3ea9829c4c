using HessianWeb.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Tensors as they cross the wire (<see cref="NamedTensor"/>): the raw elements, row-major, little-endian, under the
/// dtype names of safetensors' and PyTorch's users ("float32", "float64", "int64"), so the server can write them to a
/// file unchanged and <c>torch.frombuffer</c> or numpy reads them back.
/// </summary>
internal static class TensorBytes
{
    public const string Float32 = "float32";
    public const string Float64 = "float64";
    public const string Int64 = "int64";

    /// <summary>A copy of the tensor's elements in its own row-major order (a transposed view gives the transpose's).</summary>
    public static NamedTensor From(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var content = TensorContent.FromTensors(name, [tensor]);
        return content.ToNamedTensor();
    }

    /// <summary>The tensor on the CPU, in its own dtype, after checking that dtype, shape and bytes agree.</summary>
    /// <exception cref="ArgumentException">An unknown dtype, a negative dimension, or a byte count other than the shape's.</exception>
    public static Tensor ToTensor(NamedTensor named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var size = ElementSize(named.Dtype);
        if (named.Shape is null || named.Shape.Any(d => d < 0))
            throw new ArgumentException($"Tensor '{named.Name}' has no valid shape.", nameof(named));
        var elements = named.Shape.Aggregate(1L, (product, d) => checked(product * d));
        var data = named.Data ?? throw new ArgumentException($"Tensor '{named.Name}' carries no data.", nameof(named));
        if (data.LongLength != elements * size)
            throw new ArgumentException(
                $"Tensor '{named.Name}' of shape [{string.Join(", ", named.Shape)}] {named.Dtype} needs {elements * size:N0} bytes, not {data.LongLength:N0}.", nameof(named));
        var bytes = (byte[])data.Clone();
        if (!BitConverter.IsLittleEndian) ReverseEachElement(bytes, size);
        var tensor = torch.empty(named.Shape, dtype: Type(named.Dtype));
        bytes.AsSpan().CopyTo(tensor.bytes);
        return tensor;
    }

    public static string Name(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => Float32,
        ScalarType.Float64 => Float64,
        ScalarType.Int64 => Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), $"No wire name for {dtype}."),
    };

    static ScalarType Type(string dtype) => dtype switch
    {
        Float32 => ScalarType.Float32,
        Float64 => ScalarType.Float64,
        Int64 => ScalarType.Int64,
        _ => throw new ArgumentException($"Unknown dtype '{dtype}': float32, float64 or int64.", nameof(dtype)),
    };

    static int ElementSize(string dtype) => dtype switch
    {
        Float32 => sizeof(float),
        Float64 => sizeof(double),
        Int64 => sizeof(long),
        _ => throw new ArgumentException($"Unknown dtype '{dtype}': float32, float64 or int64.", nameof(dtype)),
    };

    static void ReverseEachElement(Span<byte> data, int size)
    {
        for (var i = 0; i < data.Length; i += size) data.Slice(i, size).Reverse();
    }
}
