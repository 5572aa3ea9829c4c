using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>Reads one of CIFAR-10's binary batch files (data_batch_1.bin … data_batch_5.bin, test_batch.bin).</summary>
/// <remarks>
/// The format (Krizhevsky, https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"): no header, only records of
/// 3,073 bytes, a label byte 0..9 then 3,072 pixel bytes, the red, green and blue planes of a 32×32 image one after
/// another, each row-major. So the pixels of a record are already in PyTorch's [channels, height, width] order.
/// </remarks>
public static class CifarBatchFile
{
    public const int RecordBytes = 1 + SpecLimits.CifarValues;

    /// <summary>The images (3,072 bytes each, one after another) and their labels.</summary>
    /// <exception cref="DataFileException">The file is missing or empty, is not a whole number of records, or holds a label above 9.</exception>
    public static (byte[] Pixels, byte[] Labels) Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileException(path, "the file is missing.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new DataFileException(path, "the file is empty; a CIFAR-10 batch holds 3,073-byte records.");
        if (bytes.Length % RecordBytes != 0)
            throw new DataFileException(path,
                $"wrong length: {bytes.Length:N0} bytes is not a whole number of {RecordBytes:N0}-byte records (1 label byte + 3×32×32 pixel bytes); the file is truncated or not a CIFAR-10 binary batch.");
        var count = bytes.Length / RecordBytes;
        var labels = new byte[count];
        var pixels = new byte[(long)count * SpecLimits.CifarValues];
        for (var i = 0; i < count; i++)
        {
            var record = bytes.AsSpan(i * RecordBytes, RecordBytes);
            if (record[0] >= SpecLimits.ImageClasses)
                throw new DataFileException(path, $"label {record[0]} in record {i} is outside 0..{SpecLimits.ImageClasses - 1}.");
            labels[i] = record[0];
            record[1..].CopyTo(pixels.AsSpan(i * SpecLimits.CifarValues, SpecLimits.CifarValues));
        }
        return (pixels, labels);
    }
}
