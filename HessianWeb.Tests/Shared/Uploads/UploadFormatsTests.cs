using System.IO.Compression;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Tests.Shared.Uploads;

public sealed class UploadFormatsTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("hw-upload-formats-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task A_truncated_safetensors_file_is_refused_saying_how_much_is_missing()
    {
        var whole = await DataFiles.SafeTensorsAsync(directory, "w.safetensors", DataFiles.Float64("0.weight", [3, 2], i => i));
        var bytes = await File.ReadAllBytesAsync(whole);
        var truncated = Write("truncated.safetensors", bytes[..^5]);

        Assert.Equal(UploadKind.Safetensors, UploadFormats.Detect(truncated));
        var error = Assert.Throws<InvalidDataException>(() => UploadFormats.Inspect(truncated, UploadKind.Safetensors));
        Assert.Contains($"truncated: its header describes {bytes.Length:N0} bytes but it has {bytes.Length - 5:N0}", error.Message, StringComparison.Ordinal);
        // The whole file is weights: listed, no classes.
        var contents = UploadFormats.Inspect(whole, UploadKind.Safetensors)!;
        Assert.Equal("0.weight", Assert.Single(contents.Tensors).Name);
        Assert.Null(contents.Classes);
    }

    [Fact]
    public void PyTorch_zips_are_told_apart_by_their_code_folder_and_damaged_zips_are_refused()
    {
        var script = Zip("script.pt", "model/data.pkl", "model/code/__torch__/net.py", "model/constants.pkl");
        var stateDict = Zip("weights.pt", "archive/data.pkl", "archive/data/0", "archive/version");
        var other = Zip("other.zip", "readme.txt");

        Assert.Equal(UploadKind.Torchscript, UploadFormats.Detect(script));
        Assert.Equal(UploadKind.StateDict, UploadFormats.Detect(stateDict));
        Assert.Null(UploadFormats.Inspect(script, UploadKind.Torchscript)); // LibTorch's to read: the worker's inspect
        Assert.Contains("no data.pkl", Assert.Throws<InvalidDataException>(() => UploadFormats.Detect(other)).Message, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(script);
        var damaged = Write("damaged.pt", bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated or damaged", Assert.Throws<InvalidDataException>(() => UploadFormats.Detect(damaged)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x04, 0x95, 0x10 }, "Python pickle")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, "not one this reads")]
    [InlineData(new byte[0], "empty")]
    public void Other_files_are_refused_with_what_they_are(byte[] bytes, string reason)
    {
        var path = Write("file.bin", bytes);
        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => UploadFormats.Detect(path)).Message, StringComparison.Ordinal);
    }

    string Zip(string name, params string[] entries)
    {
        var path = Path.Combine(directory, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in entries)
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(new byte[64]);
        }
        return path;
    }
}
