namespace HessianWeb.Server.Export;

/// <summary>
/// A write-only stream over the response body that holds synchronous writes in memory and sends them, in
/// order, with the next asynchronous write or <see cref="FlushAsync(CancellationToken)"/>. System.IO.Compression
/// in .NET 10 still closes a zip entry's stream synchronously (the last deflate block and the data descriptor),
/// and Kestrel refuses synchronous I/O; those writes are small, so holding them costs little, and the bulk of
/// the data (the tensor files) is copied asynchronously as it is read.
/// </summary>
public sealed class DeferredWriteStream(Stream inner) : Stream
{
    readonly MemoryStream held = new();
    long written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        held.Write(buffer);
        written += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        await SendHeldAsync(ct);
        await inner.WriteAsync(buffer, ct);
        written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async Task FlushAsync(CancellationToken ct)
    {
        await SendHeldAsync(ct);
        await inner.FlushAsync(ct);
    }

    /// <summary>Nothing to do synchronously: held writes go out with the next asynchronous call.</summary>
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    async Task SendHeldAsync(CancellationToken ct)
    {
        if (held.Length == 0) return;
        await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), ct);
        held.SetLength(0);
    }
}
