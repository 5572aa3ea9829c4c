using System.Buffers.Binary;
using System.IO.Compression;
using HessianWeb.Shared.Artifacts;

namespace HessianWeb.Shared.Uploads;

/// <summary>Tells an upload's kind from its bytes and reads what the kinds the server can read hold.</summary>
public static class UploadFormats
{
    /// <summary>A layer list larger than this is not one someone wrote or exported.</summary>
    public const long MaxLayerListBytes = 1 << 20;

    const string Readable = "safetensors, .npz, a layer list (model.json), TorchScript (torch.jit.save) or a PyTorch state dict (torch.save(model.state_dict()))";

    /// <summary>The kind from the file's first bytes and, for a zip, its entry names.</summary>
    /// <exception cref="InvalidDataException">The file is none of the kinds, with what it looks like instead.</exception>
    public static UploadKind Detect(string path)
    {
        var head = new byte[9];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 0) throw new InvalidDataException("The file is empty.");
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return DetectZip(path);
        if (read == 9 && head[8] == '{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is >= 2 and <= SafeTensorsReader.MaxHeaderBytes)
            return UploadKind.Safetensors;
        var first = Array.FindIndex(head, 0, read, b => !char.IsWhiteSpace((char)b));
        if (first >= 0 && head[first] == '{') return UploadKind.Layers;
        if (head[0] == 0x80)
            throw new InvalidDataException($"The file is a Python pickle, which can run any code and is not read. Save a model with torch.jit.save, its weights with torch.save(model.state_dict()) or safetensors. Readable: {Readable}.");
        throw new InvalidDataException($"The file is not one this reads: {Readable}.");
    }

    static UploadKind DetectZip(string path)
    {
        using var zip = OpenZip(path);
        if (NpzFile.IsNpz(zip)) return UploadKind.Npz;
        var names = zip.Entries.Select(e => e.FullName).ToList();
        var pickle = names.FirstOrDefault(n => n.EndsWith("/data.pkl", StringComparison.Ordinal));
        if (pickle is null)
            throw new InvalidDataException($"The file is a zip archive but neither an .npz (only .npy entries) nor a PyTorch file (no data.pkl). Readable: {Readable}.");
        var archive = pickle[..^"data.pkl".Length];
        return names.Any(n => n.StartsWith(archive + "code/", StringComparison.Ordinal)) ? UploadKind.Torchscript : UploadKind.StateDict;
    }

    /// <summary>
    /// What a safetensors, .npz or layer-list file holds, checked through (a truncated file, a bad header or layer is
    /// refused here). A safetensors file with x or y is data and is checked as data; any other is weights. A TorchScript
    /// file or a state dict needs LibTorch: null, the worker's <c>inspect</c> reads those.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, with the reason.</exception>
    public static UploadContents? Inspect(string path, UploadKind kind)
    {
        switch (kind)
        {
            case UploadKind.Npz:
                return TensorDataFile.Inspect(path, kind);
            case UploadKind.Safetensors:
                var header = ReadWholeHeader(path);
                if (header.Tensors.Any(t => t.Name is TensorDataFile.Inputs or TensorDataFile.Labels)) return TensorDataFile.Inspect(path, kind);
                return new UploadContents { Tensors = header.Tensors.Select(t => new TensorShape(t.Name, t.Dtype, t.Shape)).ToList() };
            case UploadKind.Layers:
                if (new FileInfo(path).Length > MaxLayerListBytes)
                    throw new InvalidDataException($"A layer list is at most {MaxLayerListBytes / 1024:N0} KiB of JSON.");
                return SequentialLayers.Inspect(SequentialLayers.Parse(File.ReadAllText(path)));
            default:
                return null;
        }
    }

    /// <summary>The header, and that the file holds exactly the data it describes (a truncated upload fails here).</summary>
    static SafeTensorsHeader ReadWholeHeader(string path)
    {
        using var file = File.OpenRead(path);
        var header = SafeTensorsReader.ReadHeaderAsync(file).GetAwaiter().GetResult();
        var expected = header.DataStart + header.DataLength;
        if (file.Length != expected)
            throw new InvalidDataException(file.Length < expected
                ? $"The file is truncated: its header describes {expected:N0} bytes but it has {file.Length:N0}."
                : $"The file has {file.Length - expected:N0} bytes after the data its header describes.");
        return header;
    }

    static ZipArchive OpenZip(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException ex) { throw new InvalidDataException($"The file starts as a zip archive but is truncated or damaged: {ex.Message}", ex); }
    }
}
