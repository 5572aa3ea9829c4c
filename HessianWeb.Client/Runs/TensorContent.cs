using System.Runtime.InteropServices;
using HessianWeb.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// One tensor of an artifact with its bytes where they already are: CPU tensors whose rows, one after another, are the
/// tensor's (a parameter, or the objective's batches of a data set), or float64 rows. The bytes are read on demand at any
/// offset, row-major and little-endian as safetensors stores them, so a file of them is streamed without a copy of the whole.
/// </summary>
public sealed class TensorContent : IDisposable
{
    /// <summary>Pieces are cut into row blocks of at most this many bytes, so each fits a span.</summary>
    internal const long MaxPieceBytes = 256L << 20;

    readonly IReadOnlyList<Tensor>? tensors;
    readonly IReadOnlyList<double[]>? rows;
    readonly long[] starts;

    TensorContent(string name, string dtype, long[] shape, IReadOnlyList<Tensor>? tensors, IReadOnlyList<double[]>? rows, IEnumerable<long> lengths)
    {
        // safetensors is little-endian, as is every platform .NET and libtorch run on here (x64, arm64).
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Artifacts are written on little-endian machines only.");
        (Name, Dtype, Shape, this.tensors, this.rows) = (name, dtype, shape, tensors, rows);
        var offsets = new List<long>();
        long length = 0;
        foreach (var piece in lengths)
        {
            offsets.Add(length);
            length += piece;
        }
        starts = [.. offsets];
        Length = length;
    }

    public string Name { get; }
    /// <summary>"float32", "float64" or "int64" (<see cref="TensorBytes"/>).</summary>
    public string Dtype { get; }
    public long[] Shape { get; }
    /// <summary>The tensor's bytes.</summary>
    public long Length { get; }

    /// <summary>
    /// The parts stacked along their first dimension (one part: the tensor itself), detached and on the CPU, without a
    /// copy where they are contiguous CPU tensors already. The parts must stay unchanged while this is read.
    /// </summary>
    /// <param name="maxPieceBytes">Row blocks are read as spans of at most this many bytes (a row is never cut).</param>
    public static TensorContent FromTensors(string name, IReadOnlyList<Tensor> parts, long maxPieceBytes = MaxPieceBytes)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("A tensor needs at least one part.", nameof(parts));
        var pieces = new List<Tensor>();
        using (var scope = torch.NewDisposeScope())
        {
            foreach (var part in parts)
            {
                var cpu = part.detach().cpu().contiguous();
                var rowBytes = Math.Max(1, cpu.shape.Skip(1).Aggregate(1L, (a, b) => a * b) * cpu.ElementSize);
                var rowsPerPiece = Math.Max(1, maxPieceBytes / rowBytes);
                var first = cpu.dim() == 0 ? 1 : cpu.shape[0];
                if (cpu.dim() == 0 || first <= rowsPerPiece) pieces.Add(cpu.DetachFromDisposeScope());
                else
                    for (long start = 0; start < first; start += rowsPerPiece)
                        pieces.Add(cpu.narrow(0, start, Math.Min(rowsPerPiece, first - start)).DetachFromDisposeScope());
            }
        }
        var shape = parts[0].shape.ToArray();
        if (shape.Length > 0) shape[0] = parts.Sum(p => p.shape[0]);
        return new TensorContent(name, TensorBytes.Name(parts[0].dtype), shape, pieces, null, pieces.Select(p => p.numel() * p.ElementSize));
    }

    /// <summary>A float64 matrix [rows.Count, columns] from its rows, which must stay unchanged while this is read.</summary>
    public static TensorContent FromRows(string name, IReadOnlyList<double[]> rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
            if (rows[i].Length != columns) throw new ArgumentException($"Row {i} has {rows[i].Length} values, not {columns}.", nameof(rows));
        return new TensorContent(name, TensorBytes.Float64, [rows.Count, columns], null, rows, rows.Select(r => (long)r.Length * sizeof(double)));
    }

    /// <summary>Copies the bytes [<paramref name="offset"/>, offset + destination's length) of the tensor.</summary>
    public void CopyTo(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length, nameof(destination));
        if (destination.IsEmpty) return;
        var i = Array.BinarySearch(starts, offset);
        if (i < 0) i = ~i - 1;
        while (!destination.IsEmpty)
        {
            var piece = Piece(i);
            var within = (int)(offset - starts[i]);
            var count = Math.Min(piece.Length - within, destination.Length);
            piece.Slice(within, count).CopyTo(destination);
            destination = destination[count..];
            offset += count;
            i++;
        }
    }

    /// <summary>A copy of the tensor with its bytes.</summary>
    public NamedTensor ToNamedTensor()
    {
        var data = new byte[Length];
        CopyTo(0, data);
        return new NamedTensor(Name, Dtype, Shape, data);
    }

    /// <summary>Name, dtype and shape without the bytes, as an artifact event describes the tensor.</summary>
    public NamedTensor Description => new(Name, Dtype, Shape, null);

    ReadOnlySpan<byte> Piece(int i) => tensors is not null ? tensors[i].bytes : MemoryMarshal.AsBytes(rows![i].AsSpan());

    public void Dispose()
    {
        foreach (var t in tensors ?? []) t.Dispose();
    }
}
