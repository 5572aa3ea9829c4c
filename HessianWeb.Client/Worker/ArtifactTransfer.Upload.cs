using HessianWeb.Shared;
using System.Buffers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Worker;

public sealed partial class ArtifactTransfer
{
    /// <summary>Blocks the calling (compute) thread until the file is in place, so the tensors stay as they were meanwhile.</summary>
    public ArtifactResult Upload(Guid runId, long sequence, ArtifactContent artifact, CancellationToken cancellationToken) =>
        UploadAsync(runId, sequence, artifact, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Streams the artifact's safetensors file (with its run, checkpoint, kind and sequence as metadata) in chunks of
    /// <see cref="ArtifactTransferPolicy.ChunkBytes"/>, hashing it on the way, and completes the upload with its SHA-256.
    /// After a failed chunk it asks how much the server has and goes on from there; a file the server finds different
    /// (its hash) is sent again from the start, <see cref="ArtifactTransferPolicy.WholeFileAttempts"/> times at most.
    /// </summary>
    public async Task<ArtifactResult> UploadAsync(Guid runId, long sequence, ArtifactContent artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var file = artifact.File(ArtifactMetadata.For(runId, sequence, artifact.Checkpoint, artifact.Kind));
        using var deadline = Deadline(file.Length, cancellationToken);
        try
        {
            for (var whole = 1; ; whole++)
            {
                var (placed, mismatch) = await SendFileAsync(runId, sequence, file, deadline.Token);
                if (placed is not null)
                    return new ArtifactResult(artifact.Checkpoint, artifact.Kind, artifact.Tensors.Select(t => t.Description).ToList(),
                        placed.File, placed.Sha256, placed.Length);
                if (whole >= policy.WholeFileAttempts) throw new TransferRefusedException($"{mismatch}; sent {whole} times");
            }
        }
        catch (Exception ex) when (ex is TransferRefusedException || IsPastDeadline(ex, cancellationToken))
        {
            throw new ArtifactTransferException($"Uploading {What(artifact.Kind, artifact.Checkpoint, file.Length)} failed: {Reason(ex, file.Length)}", ex);
        }
    }

    /// <summary>The file placed by the server, or why the server found it different (422) so it should be sent again.</summary>
    async Task<(UploadedArtifact? Placed, string? Mismatch)> SendFileAsync(Guid runId, long sequence, SafeTensorsFile file, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(policy.ChunkBytes, file.Length));
        try
        {
            // The bytes before `hashed` are in the hash; a resumed chunk only ever starts at or before it.
            long offset = 0, hashed = 0;
            string? sha256 = null;
            var failures = 0;
            while (true)
            {
                if (offset < file.Length)
                {
                    var count = (int)Math.Min(buffer.Length, file.Length - offset);
                    file.Read(offset, buffer.AsSpan(0, count));
                    if (offset + count > hashed)
                    {
                        hash.AppendData(buffer, (int)(hashed - offset), (int)(offset + count - hashed));
                        hashed = offset + count;
                    }
                    var start = offset;
                    var sent = await TryAsync<UploadProgress>(() => new HttpRequestMessage(HttpMethod.Put, At($"{ArtifactRoutes.Upload(runId, sequence)}?offset={start}&length={file.Length}"))
                    {
                        Content = new ByteArrayContent(buffer, 0, count) { Headers = { ContentType = Octets } },
                    }, ct);
                    if (sent.Value is { } progress && progress.Received > offset && progress.Received <= hashed)
                    {
                        (offset, failures) = (progress.Received, 0);
                        continue;
                    }
                    var reason = sent.Value is { } odd ? $"the server reported {odd.Received} bytes after a chunk ending at {offset + count}" : sent.Reason!;
                    failures = await FailedAsync(failures, reason, sent.Value is not null || sent.Retryable, ct);
                    offset = Math.Min(hashed, sent.Received ?? await ReceivedAsync(runId, sequence, ct) ?? offset);
                }
                else
                {
                    sha256 ??= Convert.ToHexStringLower(hash.GetHashAndReset());
                    var completion = new UploadCompletion(sha256, file.Length);
                    var done = await TryAsync<UploadedArtifact>(() => new HttpRequestMessage(HttpMethod.Post, At(ArtifactRoutes.Complete(runId, sequence)))
                    {
                        Content = JsonContent.Create(completion, options: JsonFormat.Options),
                    }, ct);
                    if (done.Value is { } placed) return (placed, null);
                    if (done.Status == System.Net.HttpStatusCode.UnprocessableEntity) return (null, done.Reason);
                    failures = await FailedAsync(failures, done.Reason!, done.Retryable, ct);
                    offset = Math.Min(hashed, done.Received ?? await ReceivedAsync(runId, sequence, ct) ?? offset);
                }
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>How much of the upload the server holds, or null when it cannot say now.</summary>
    async Task<long?> ReceivedAsync(Guid runId, long sequence, CancellationToken ct)
    {
        var asked = await TryAsync<UploadProgress>(() => new HttpRequestMessage(HttpMethod.Get, At(ArtifactRoutes.Upload(runId, sequence))), ct);
        return asked.Value?.Received;
    }
}
