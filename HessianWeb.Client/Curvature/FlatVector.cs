using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>Between flat float64 vectors, ordered as the parameters are, and per-parameter tensors.</summary>
internal static class FlatVector
{
    /// <summary>A CPU float64 tensor holding a copy of <paramref name="values"/> (one copy, no managed array in between).</summary>
    public static Tensor ToTensor(ReadOnlySpan<double> values)
    {
        var tensor = torch.empty(values.Length, dtype: ScalarType.Float64);
        values.CopyTo(MemoryMarshal.Cast<byte, double>(tensor.bytes));
        return tensor;
    }

    /// <summary>Splits <paramref name="values"/> into tensors shaped, typed and placed as <paramref name="like"/>.</summary>
    public static Tensor[] Split(ReadOnlySpan<double> values, IReadOnlyList<Tensor> like, long[] sizes)
    {
        var flat = ToTensor(values).to(like[0].dtype, like[0].device);
        var pieces = flat.split(sizes);
        return pieces.Select((piece, i) => piece.view(like[i].shape)).ToArray();
    }

    /// <summary>The tensors, flattened and concatenated, in float64.</summary>
    public static Tensor Concatenate(IEnumerable<Tensor> tensors) =>
        torch.cat(tensors.Select(t => t.flatten()).ToList(), 0).to(ScalarType.Float64);

    /// <summary>Writes a float64 vector tensor (any device) into <paramref name="result"/>.</summary>
    public static void CopyTo(Tensor vector, Span<double> result)
    {
        var cpu = vector.device_type == DeviceType.CPU ? vector.contiguous() : vector.cpu();
        MemoryMarshal.Cast<byte, double>(cpu.bytes).CopyTo(result);
    }
}
