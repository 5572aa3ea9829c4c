using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Shared.Uploads;

/// <summary>
/// NumPy's .npz (<c>numpy.savez</c> or <c>savez_compressed</c>): a zip of .npy arrays, each a magic string, a version, a
/// header dict (<c>descr</c>, <c>fortran_order</c>, <c>shape</c>) and the raw values. Little-endian float32, float64,
/// int64 and int32 arrays in C order are read; int32 is widened to int64, the one integer type the worker takes.
/// </summary>
public static partial class NpzFile
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Whether a zip's entries look like an .npz: every one ends in .npy.</summary>
    public static bool IsNpz(ZipArchive zip) => zip.Entries.Count > 0 && zip.Entries.All(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal));

    /// <summary>
    /// Every array (named as its entry, without .npy) with its little-endian bytes (int32 widened to int64), as the wire
    /// carries tensors; an array <paramref name="keepData"/> turns down is passed over (<see cref="Artifacts.StreamSkip"/>), its data null.
    /// </summary>
    /// <exception cref="InvalidDataException">A malformed entry, named.</exception>
    public static IReadOnlyList<NamedTensor> Read(string path, Func<string, bool>? keepData = null)
    {
        using var zip = OpenZip(path);
        var tensors = new List<NamedTensor>();
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName[..^".npy".Length];
            using var stream = entry.Open();
            tensors.Add(ReadArray(name, stream, keepData?.Invoke(name) ?? true));
        }
        return tensors;
    }

    static ZipArchive OpenZip(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException ex) { throw new InvalidDataException($"The .npz file is not a whole zip archive: {ex.Message}", ex); }
    }

    static NamedTensor ReadArray(string name, Stream stream, bool keepData)
    {
        try
        {
            var prefix = ReadExactly(stream, 8, name, "its magic string");
            if (!prefix.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"'{name}' is not a .npy array (no \\x93NUMPY magic).");
            var major = prefix[6];
            var headerLength = major == 1
                ? BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(stream, 2, name, "its header length"))
                : (long)BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4, name, "its header length"));
            if (major is < 1 or > 3 || headerLength > 1 << 20) throw new InvalidDataException($"'{name}' has .npy version {major} with a {headerLength}-byte header; versions 1–3 are read.");
            var header = Encoding.Latin1.GetString(ReadExactly(stream, (int)headerLength, name, "its header"));
            var (wire, elementSize, widen) = Dtype(name, header);
            if (FortranOrder().Match(header) is { Success: true } order && order.Groups[1].Value == "True")
                throw new InvalidDataException($"'{name}' is stored in Fortran order; save it with numpy.ascontiguousarray first.");
            var shape = Shape(name, header);
            var count = Artifacts.SafeTensorsDtype.ElementCount(shape);
            var length = checked((int)(count * elementSize));
            byte[]? bytes = null;
            if (keepData) bytes = ReadExactly(stream, length, name, $"its {count:N0} values");
            else Skip(stream, length, name, $"its {count:N0} values");
            if (stream.ReadByte() >= 0) throw new InvalidDataException($"'{name}' has bytes after its {count:N0} values.");
            return new NamedTensor(name, wire, shape, bytes is not null && widen ? Widen(bytes) : bytes);
        }
        catch (OverflowException ex) { throw new InvalidDataException($"'{name}' is too large to read.", ex); }
    }

    static (string Wire, int ElementSize, bool Widen) Dtype(string name, string header)
    {
        var descr = Descr().Match(header);
        if (!descr.Success) throw new InvalidDataException($"'{name}' has no descr in its .npy header.");
        return descr.Groups[1].Value switch
        {
            "<f4" => ("float32", 4, false),
            "<f8" => ("float64", 8, false),
            "<i8" => ("int64", 8, false),
            "<i4" => ("int64", 4, true),
            var other => throw new InvalidDataException($"'{name}' holds '{other}' values; float32, float64, int64 and int32 (little-endian) are read."),
        };
    }

    static long[] Shape(string name, string header)
    {
        var shape = ShapeTuple().Match(header);
        if (!shape.Success) throw new InvalidDataException($"'{name}' has no shape in its .npy header.");
        return shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse).ToArray();
    }

    static byte[] Widen(byte[] int32)
    {
        var wide = new byte[int32.Length * 2];
        for (var i = 0; i < int32.Length / 4; i++)
            BinaryPrimitives.WriteInt64LittleEndian(wide.AsSpan(8 * i), BinaryPrimitives.ReadInt32LittleEndian(int32.AsSpan(4 * i)));
        return wide;
    }

    static byte[] ReadExactly(Stream stream, int count, string name, string what)
    {
        var buffer = new byte[count];
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException ex) { throw Truncated(name, what, ex); }
        return buffer;
    }

    static void Skip(Stream stream, int count, string name, string what)
    {
        try { Artifacts.StreamSkip.Skip(stream, count); }
        catch (EndOfStreamException ex) { throw Truncated(name, what, ex); }
    }

    static InvalidDataException Truncated(string name, string what, Exception inner) =>
        new($"'{name}' ends inside {what}: the file is truncated.", inner);

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranOrder();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeTuple();
}
