using System.Buffers.Binary;
using System.IO.Compression;

namespace HessianWeb.Client.Data;

/// <summary>Reads the IDX files MNIST and Fashion-MNIST ship in, raw or gzip-compressed.</summary>
/// <remarks>
/// The format (LeCun et al., http://yann.lecun.com/exdb/mnist/): a big-endian 32-bit magic number, 0x00000803 for
/// unsigned-byte images [n, rows, cols] and 0x00000801 for unsigned-byte labels [n], then the dimensions as big-endian
/// 32-bit integers, then the bytes. A file is gzip-compressed when it starts with 0x1F 0x8B.
/// </remarks>
public static class IdxFile
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>The images, each rows·cols bytes, one after another.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var bytes = ReadAll(path);
        var dims = Header(bytes, path, ImagesMagic, "images", 3);
        var size = (long)dims[0] * dims[1] * dims[2];
        return (Body(bytes, path, 16, size), dims[0], dims[1], dims[2]);
    }

    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        var dims = Header(bytes, path, LabelsMagic, "labels", 1);
        return Body(bytes, path, 8, dims[0]);
    }

    static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new DataFileException(path, "the file is missing.");
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            gzip.CopyTo(inflated);
            return inflated.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(path, $"the gzip stream is corrupt or truncated ({e.Message}).");
        }
    }

    static int[] Header(byte[] bytes, string path, int magic, string what, int rank)
    {
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw new DataFileException(path, $"truncated: {bytes.Length} bytes, shorter than the {headerLength}-byte header of an IDX {what} file.");
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new DataFileException(path, $"bad magic number 0x{found:X8}; IDX {what} files start with 0x{magic:X8}.");
        var dims = Enumerable.Range(0, rank).Select(i => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i))).ToArray();
        if (dims.Any(n => n < 0)) throw new DataFileException(path, $"negative dimension in [{string.Join(", ", dims)}].");
        return dims;
    }

    static byte[] Body(byte[] bytes, string path, int offset, long size)
    {
        if (bytes.Length - offset < size)
            throw new DataFileException(path, $"truncated: the header promises {size:N0} bytes of data but the file holds {bytes.Length - offset:N0}.");
        return bytes.AsSpan(offset, (int)size).ToArray();
    }
}
