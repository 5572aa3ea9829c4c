namespace HessianWeb.Shared.Artifacts;

/// <summary>Passing over the bytes of a tensor a reader does not keep (a data check needs the labels, not the points).</summary>
public static class StreamSkip
{
    const int Piece = 1 << 20;

    /// <summary>
    /// Moves <paramref name="count"/> bytes on: a seek where the stream can (a file: nothing is read), else a read in
    /// pieces of at most 1 MiB (a zip entry), so a gigabyte of points is never held.
    /// </summary>
    /// <exception cref="EndOfStreamException">Fewer than <paramref name="count"/> bytes are left.</exception>
    public static void Skip(Stream stream, long count)
    {
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < count) throw new EndOfStreamException();
            stream.Seek(count, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[(int)Math.Min(count, Piece)];
        for (var left = count; left > 0;)
        {
            var piece = (int)Math.Min(left, buffer.Length);
            stream.ReadExactly(buffer, 0, piece);
            left -= piece;
        }
    }
}
