using System.Buffers.Binary;
using System.Text.Json;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Shared.Artifacts;

/// <summary>
/// Writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes
/// of JSON naming each tensor's dtype, shape and [begin, end) byte offsets into the data that follows, then
/// the tensors' raw little-endian bytes back to back. PyTorch loads it with <c>safetensors.torch.load_file</c>.
/// </summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> in the order given, with optional string metadata.</summary>
    /// <exception cref="InvalidDataException">A tensor without data, with an unknown dtype, a byte count that
    /// does not match its shape, or a name that is empty, repeated or <c>__metadata__</c>.</exception>
    public static async Task WriteAsync(
        Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default)
    {
        foreach (var t in tensors)
            if (t.Data is null || t.Data.LongLength != DataLength(t))
                throw new InvalidDataException(
                    $"Tensor '{t.Name}' ({t.Dtype} [{string.Join(", ", t.Shape)}]) needs {DataLength(t)} bytes but has {t.Data?.LongLength.ToString() ?? "none"}.");
        await stream.WriteAsync(Prefix(tensors, metadata), ct);
        foreach (var t in tensors) await stream.WriteAsync(t.Data!, ct);
    }

    /// <summary>
    /// Everything before the tensors' bytes: the 8-byte header length and the header, for tensors described by name,
    /// dtype and shape (their data may be null). The file is this followed by each tensor's bytes in the order given,
    /// which lets a writer stream the data from wherever it lives.
    /// </summary>
    /// <exception cref="InvalidDataException">An unknown dtype, a negative extent, or a name that is empty, repeated or
    /// <c>__metadata__</c>.</exception>
    public static byte[] Prefix(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = Header(tensors, metadata);
        var prefix = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        header.CopyTo(prefix, 8);
        return prefix;
    }

    /// <summary>The bytes a tensor of this dtype and shape holds.</summary>
    /// <exception cref="InvalidDataException">An unknown dtype or a negative extent.</exception>
    public static long DataLength(NamedTensor tensor) =>
        SafeTensorsDtype.ElementCount(tensor.Shape) * SafeTensorsDtype.ElementSize(SafeTensorsDtype.ToFile(tensor.Dtype));

    static byte[] Header(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in tensors)
            {
                if (string.IsNullOrEmpty(t.Name) || t.Name == SafeTensorsHeader.MetadataKey || !names.Add(t.Name))
                    throw new InvalidDataException($"Tensor names must be non-empty, unique and not {SafeTensorsHeader.MetadataKey}: '{t.Name}'.");
                var dtype = SafeTensorsDtype.ToFile(t.Dtype);
                var expected = DataLength(t);
                writer.WriteStartObject(t.Name);
                writer.WriteString("dtype", dtype);
                writer.WriteStartArray("shape");
                foreach (var extent in t.Shape) writer.WriteNumberValue(extent);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + expected);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += expected;
            }
            writer.WriteEndObject();
        }
        // Spaces up to a multiple of 8 keep the data 8-byte aligned (the 8-byte prefix included), as the reference writer does.
        var length = (int)json.Length;
        var padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        json.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }
}
