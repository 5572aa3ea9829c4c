using System.Net;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>What goes wrong with one request on its way (<see cref="FaultyNetwork"/>).</summary>
public enum NetworkFault
{
    None,
    /// <summary>No connection: the request never reaches the server.</summary>
    Unreachable,
    /// <summary>The connection drops after half the request's body: the server gets a part of the chunk.</summary>
    CutBodyHalfway,
    /// <summary>The server handles the request, and its answer is lost on the way back.</summary>
    LoseAnswer,
    /// <summary>One byte of the body arrives changed.</summary>
    FlipAByte,
    /// <summary>The answer's body breaks off halfway.</summary>
    CutAnswerHalfway,
}

/// <summary>
/// A real socket handler under a client that breaks the requests a test chooses the way a network would, so the
/// transfer's retrying meets the real server's answers. Every request is logged as "METHOD path?query fault".
/// </summary>
public sealed class FaultyNetwork(Func<HttpRequestMessage, NetworkFault> plan) : DelegatingHandler(new SocketsHttpHandler())
{
    public List<string> Log { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var fault = plan(request);
        var range = request.Headers.Range is { } r ? $" range {r}" : "";
        lock (Log) Log.Add($"{request.Method} {request.RequestUri!.PathAndQuery} {fault}{range}");
        switch (fault)
        {
            case NetworkFault.Unreachable:
                throw new HttpRequestException("Connection refused (injected).");
            case NetworkFault.CutBodyHalfway:
                request.Content = new CutContent(await request.Content!.ReadAsByteArrayAsync(ct));
                break;
            case NetworkFault.FlipAByte:
                var body = await request.Content!.ReadAsByteArrayAsync(ct);
                body[body.Length / 2] ^= 0x40;
                var type = request.Content.Headers.ContentType;
                request.Content = new ByteArrayContent(body) { Headers = { ContentType = type } };
                break;
            case NetworkFault.LoseAnswer:
                (await base.SendAsync(request, ct)).Dispose();
                throw new HttpRequestException("The connection closed before the answer arrived (injected).");
            case NetworkFault.CutAnswerHalfway:
                var response = await base.SendAsync(request, ct);
                var answer = await response.Content.ReadAsByteArrayAsync(ct);
                var cut = new StreamContent(new BreakingStream(answer[..(answer.Length / 2)]));
                foreach (var h in response.Content.Headers) cut.Headers.TryAddWithoutValidation(h.Key, h.Value);
                response.Content = cut;
                return response;
        }
        return await base.SendAsync(request, ct);
    }

    /// <summary>Reads its bytes, then fails as a connection reset does.</summary>
    sealed class BreakingStream(byte[] bytes) : Stream
    {
        int position;

        public override int Read(Span<byte> buffer)
        {
            if (position == bytes.Length) throw new IOException("The connection reset mid-answer (injected).");
            var count = Math.Min(buffer.Length, bytes.Length - position);
            bytes.AsSpan(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer.AsSpan(offset, count)));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that announces its whole length, sends half of it and then breaks the connection.</summary>
    sealed class CutContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            throw new IOException("The connection dropped mid-body (injected).");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
