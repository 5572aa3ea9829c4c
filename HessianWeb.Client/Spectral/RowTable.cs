using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// Rows of <see cref="Length"/> values laid end to end (a tensor's rows, or an array's), addressed row by row: one span
/// over all of them could not pass 2³¹ bytes, which a Lanczos basis of a large model does.
/// </summary>
internal readonly ref struct RowTable<T> where T : unmanaged
{
    readonly ref T first;

    public RowTable(Span<T> all, int length)
    {
        first = ref MemoryMarshal.GetReference(all);
        Length = length;
    }

    RowTable(ref T first, int length)
    {
        this.first = ref first;
        Length = length;
    }

    /// <summary>The rows of a contiguous CPU tensor [rows × length] of T; valid while the tensor lives.</summary>
    public static RowTable<T> Of(torch.Tensor rows)
    {
        var length = (int)rows.shape[1];
        using var head = rows[0]; // a view of row 0: a span of one row reaches the tensor's memory
        return new RowTable<T>(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(head.bytes)), length);
    }

    /// <summary>Values per row.</summary>
    public int Length { get; }

    public Span<T> this[int i] => MemoryMarshal.CreateSpan(ref Unsafe.Add(ref first, (nint)i * Length), Length);
}
