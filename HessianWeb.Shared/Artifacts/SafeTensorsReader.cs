using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Shared.Artifacts;

/// <summary>
/// Reads the safetensors format (see <see cref="SafeTensorsWriter"/>) and checks it as the reference
/// implementation does: known dtypes, byte ranges that match the shapes, and data laid out back to back
/// from offset 0 with no gaps or overlaps.
/// </summary>
public static class SafeTensorsReader
{
    // Library code, also waited on synchronously (the upload checks): no await resumes on its caller's context, so a
    // caller on a Blazor circuit cannot deadlock.
    /// <summary>Headers beyond this are refused (the reference implementation's limit) rather than allocated.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <exception cref="InvalidDataException">The file is not well-formed safetensors, or uses a dtype other than F32, F64, I64.</exception>
    public static async Task<SafeTensorsHeader> ReadHeaderAsync(Stream stream, CancellationToken ct = default)
    {
        var prefix = new byte[8];
        await ReadExactlyAsync(stream, prefix, "the header length", ct).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length < 2 || length > MaxHeaderBytes)
            throw new InvalidDataException($"The header length {length} is not between 2 and {MaxHeaderBytes} bytes.");
        var header = new byte[length];
        await ReadExactlyAsync(stream, header, "the header", ct).ConfigureAwait(false);
        return Parse(header, 8 + (long)length);
    }

    /// <summary>Every tensor with its bytes, in data order.</summary>
    public static Task<IReadOnlyList<NamedTensor>> ReadAsync(Stream stream, CancellationToken ct = default) => ReadAsync(stream, _ => true, ct);

    /// <summary>
    /// Every tensor in data order, with its bytes when <paramref name="keepData"/> says so; the others are passed over
    /// (<see cref="StreamSkip"/>), their data null.
    /// </summary>
    public static async Task<IReadOnlyList<NamedTensor>> ReadAsync(Stream stream, Func<string, bool> keepData, CancellationToken ct = default)
    {
        var header = await ReadHeaderAsync(stream, ct).ConfigureAwait(false);
        var tensors = new List<NamedTensor>(header.Tensors.Count);
        foreach (var entry in header.Tensors)
        {
            var what = $"the data of '{entry.Name}'";
            byte[]? data = null;
            if (keepData(entry.Name))
            {
                data = new byte[entry.End - entry.Begin];
                await ReadExactlyAsync(stream, data, what, ct).ConfigureAwait(false);
            }
            else
            {
                // Its only caller reads a file, where this is a seek (TensorDataFile.Inspect).
                try { StreamSkip.Skip(stream, entry.End - entry.Begin); }
                catch (EndOfStreamException ex) { throw new InvalidDataException($"The file ends inside {what}.", ex); }
            }
            tensors.Add(new NamedTensor(entry.Name, SafeTensorsDtype.ToWire(entry.Dtype), entry.Shape, data));
        }
        if (stream.CanSeek && stream.Position != stream.Length)
            throw new InvalidDataException($"The file has {stream.Length - stream.Position} bytes after the last tensor.");
        return tensors;
    }

    public static async Task<IReadOnlyList<NamedTensor>> ReadFileAsync(string path, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(path);
        return await ReadAsync(file, ct).ConfigureAwait(false);
    }

    static SafeTensorsHeader Parse(byte[] header, long dataStart)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(header); } // trailing spaces (the padding) are JSON whitespace
        catch (JsonException ex) { throw new InvalidDataException($"The header is not JSON: {ex.Message}", ex); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("The header is not a JSON object.");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafeTensorsEntry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == SafeTensorsHeader.MetadataKey) ReadMetadata(property.Value, metadata);
                else entries.Add(ReadEntry(property.Name, property.Value));
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            long expectedBegin = 0;
            foreach (var e in entries)
            {
                if (e.Begin != expectedBegin)
                    throw new InvalidDataException($"Tensor '{e.Name}' starts at byte {e.Begin}; the data must be contiguous, so it should start at {expectedBegin}.");
                expectedBegin = e.End;
            }
            return new SafeTensorsHeader(entries, metadata, dataStart);
        }
    }

    static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new InvalidDataException("__metadata__ must be an object of strings.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"__metadata__ value '{item.Name}' is not a string.");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    static SafeTensorsEntry ReadEntry(string name, JsonElement value)
    {
        try
        {
            var dtype = value.GetProperty("dtype").GetString() ?? throw new InvalidDataException($"Tensor '{name}' has no dtype.");
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new InvalidDataException($"Tensor '{name}' has data_offsets [{string.Join(", ", offsets)}]; expected [begin, end] with 0 ≤ begin ≤ end.");
            var expected = SafeTensorsDtype.ElementCount(shape) * SafeTensorsDtype.ElementSize(dtype);
            if (offsets[1] - offsets[0] != expected)
                throw new InvalidDataException($"Tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) spans {offsets[1] - offsets[0]} bytes; its shape needs {expected}.");
            return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"Tensor '{name}' is not described as {{dtype, shape, data_offsets}}: {ex.Message}", ex);
        }
    }

    static async Task ReadExactlyAsync(Stream stream, byte[] buffer, string what, CancellationToken ct)
    {
        try { await stream.ReadExactlyAsync(buffer, ct).ConfigureAwait(false); }
        catch (EndOfStreamException ex) { throw new InvalidDataException($"The file ends inside {what}.", ex); }
    }
}
