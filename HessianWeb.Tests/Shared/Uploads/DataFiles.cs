using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Shared.Uploads;

/// <summary>Data files written for the upload tests: safetensors through the app's writer, .npz byte by byte as numpy lays it out.</summary>
internal static class DataFiles
{
    public static NamedTensor Float64(string name, long[] shape, Func<int, double> value)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var bytes = new byte[8 * count];
        for (var i = 0; i < count; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), value(i));
        return new NamedTensor(name, "float64", shape, bytes);
    }

    public static NamedTensor Int64(string name, params long[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        return new NamedTensor(name, "int64", [values.Length], bytes);
    }

    public static async Task<string> SafeTensorsAsync(string directory, string name, params NamedTensor[] tensors)
    {
        var path = Path.Combine(directory, name);
        await using (var file = File.Create(path)) await SafeTensorsWriter.WriteAsync(file, tensors);
        return path;
    }

    /// <summary>An .npz of version-1 .npy entries (numpy.savez's layout), each tensor little-endian in C order.</summary>
    public static string Npz(string directory, string name, params NamedTensor[] tensors)
    {
        var path = Path.Combine(directory, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var t in tensors)
        {
            using var entry = zip.CreateEntry(t.Name + ".npy").Open();
            var descr = t.Dtype switch { "float64" => "<f8", "float32" => "<f4", _ => "<i8" };
            var shape = t.Shape.Length == 1 ? $"({t.Shape[0]},)" : $"({string.Join(", ", t.Shape)})";
            var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
            header = header.PadRight(64 - 10 - 1) + "\n";
            entry.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            entry.Write(BitConverter.GetBytes((ushort)header.Length));
            entry.Write(Encoding.Latin1.GetBytes(header));
            entry.Write(t.Data);
        }
        return path;
    }
}
