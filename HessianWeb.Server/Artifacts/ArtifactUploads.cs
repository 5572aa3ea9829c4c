using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Artifacts;

/// <summary>
/// The server's side of an upload (<see cref="ArtifactRoutes"/>): chunks appended to a file of their own under the run's
/// folder at the offsets the worker gives, the length so far on request, and on completion the SHA-256 checked and the
/// file moved into place under its real name. Every refusal is a status with a reason in words: 404 no such run, 410 the
/// run ended, 403 the run is another token's worker's, 409 no worker holds the run now (<see cref="RunHolding.RefuseUpload"/>)
/// or an offset the file has not reached (with how much it has), 413 too large, 422 a hash that differs or a file that is
/// not the run's safetensors (the upload is discarded), 507 the disk is full (the upload is discarded).
/// </summary>
/// <remarks><c>tokenId</c> is the id of the token the worker presented (<see cref="Access.AccessClaims.WorkerToken"/>).</remarks>
public sealed class ArtifactUploads(
    RunResults results, ArtifactFiles files, RunHolding holding, IOptionsMonitor<ArtifactTransferOptions> options, ILogger<ArtifactUploads> logger)
{
    const int BufferBytes = 1 << 20;


    public async Task<IResult> ProgressAsync(Guid runId, long sequence, string? tokenId, CancellationToken ct)
    {
        if (await RefuseAsync(runId, tokenId, ct) is { } refused) return refused;
        var path = files.UploadPath(runId, sequence);
        return Results.Ok(new UploadProgress(File.Exists(path) ? new FileInfo(path).Length : 0));
    }

    /// <summary>Writes the request's body at <paramref name="offset"/> of the upload, cutting off whatever the file had from there.</summary>
    public async Task<IResult> ReceiveAsync(Guid runId, long sequence, string? tokenId, long offset, long length, HttpRequest request, CancellationToken ct)
    {
        if (await RefuseAsync(runId, tokenId, ct) is { } refused) return refused;
        var limits = options.CurrentValue;
        if (offset < 0 || length < 1 || offset >= length)
            return Problem(StatusCodes.Status400BadRequest, $"the offset {offset} is not inside a file of {length} bytes");
        if (length > limits.MaxFileBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, $"the file is {ByteSize.Format(length)}; this server takes files up to {ByteSize.Format(limits.MaxFileBytes)} (Artifacts:MaxFileBytes)");
        if (request.ContentLength > ArtifactRoutes.MaxChunkBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, $"a chunk of {ByteSize.Format(request.ContentLength.Value)} is larger than the {ByteSize.Format(ArtifactRoutes.MaxChunkBytes)} one request may carry");

        var path = files.UploadPath(runId, sequence);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (FreeBytes(path) is { } free && free - (length - offset) < limits.MinimumFreeBytes)
        {
            File.Delete(path);
            return DiskFullProblem($"{ByteSize.Format(free)} free; the file needs {ByteSize.Format(length - offset)} more and the server keeps {ByteSize.Format(limits.MinimumFreeBytes)} spare (Artifacts:MinimumFreeBytes)");
        }

        FileStream file;
        try { file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None); }
        catch (IOException) when (File.Exists(path))
        {
            // A retry that overtook the request it replaces, still being written: the worker asks again after a pause.
            return Problem(StatusCodes.Status409Conflict, "another request is still writing this upload", new FileInfo(path).Length);
        }
        var discard = false;
        try
        {
            if (offset > file.Length)
                return Problem(StatusCodes.Status409Conflict, $"the server has {file.Length} bytes of this upload, not {offset}", file.Length);
            if (file.Length != offset) file.SetLength(offset);
            file.Position = offset;
            var written = await CopyAsync(request.Body, file, Math.Min(length - offset, ArtifactRoutes.MaxChunkBytes), ct);
            if (written is null)
            {
                file.SetLength(offset);
                return Problem(StatusCodes.Status413PayloadTooLarge, $"the chunk at {offset} runs past the file's {length} bytes or the {ByteSize.Format(ArtifactRoutes.MaxChunkBytes)} a request may carry");
            }
            await file.FlushAsync(ct);
            return Results.Ok(new UploadProgress(file.Length));
        }
        catch (IOException ex) when (DiskFull.Is(ex))
        {
            discard = true;
            logger.LogError("Upload of run {RunId} event {Sequence}: the disk is full: {Message}", runId, sequence, ex.Message);
            return Problem(StatusCodes.Status507InsufficientStorage, StorageFailure.Describe(ex, files.DataDirectory));
        }
        finally
        {
            // What arrived before a dropped connection stays: the worker asks how much the server has and goes on from there.
            try { await file.DisposeAsync(); }
            catch (IOException ex) when (DiskFull.Is(ex)) { discard = true; }
            if (discard) File.Delete(path);
        }
    }

    /// <summary>Checks the whole file's length and SHA-256, then moves it into place (<see cref="ArtifactFiles.PlaceUploadAsync"/>).</summary>
    public async Task<IResult> CompleteAsync(Guid runId, long sequence, string? tokenId, UploadCompletion completion, CancellationToken ct)
    {
        if (await RefuseAsync(runId, tokenId, ct) is { } refused) return refused;
        var path = files.UploadPath(runId, sequence);
        var received = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (received != completion.Length)
            return Problem(StatusCodes.Status409Conflict, $"the server has {received} bytes of this upload, not {completion.Length}", received);

        var sha256 = await ArtifactFiles.Sha256Async(path, ct);
        if (!string.Equals(sha256, completion.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(path);
            logger.LogWarning("Upload of run {RunId} event {Sequence} discarded: SHA-256 {Received}, the worker's {Sent}", runId, sequence, sha256, completion.Sha256);
            return Problem(StatusCodes.Status422UnprocessableEntity,
                $"the {ByteSize.Format(received)} the server received have SHA-256 {sha256[..12]}…, the worker's file {completion.Sha256[..Math.Min(12, completion.Sha256.Length)]}…; the server discarded them");
        }
        try { return Results.Ok(await files.PlaceUploadAsync(runId, sequence, sha256, ct)); }
        catch (InvalidDataException ex)
        {
            File.Delete(path);
            return Problem(StatusCodes.Status422UnprocessableEntity, $"the file is not a safetensors artifact of this run's event {sequence} ({ex.Message}); the server discarded it");
        }
    }

    /// <summary>Null when the run takes this worker's uploads: it exists, has not ended, and is held by a worker of the same token.</summary>
    async Task<IResult?> RefuseAsync(Guid runId, string? tokenId, CancellationToken ct)
    {
        var run = await results.GetAsync(runId, ct);
        if (run is null) return Problem(StatusCodes.Status404NotFound, $"the server has no run {runId}");
        if (run.Status.IsTerminal()) return Problem(StatusCodes.Status410Gone, $"the run has already ended ({run.Status.ToString().ToLowerInvariant()})");
        if (holding.RefuseUpload(runId, tokenId) is not { } refusal) return null;
        logger.LogWarning("Upload to run {RunId} refused ({Status}) for a worker with token {TokenId}", runId, refusal.Status, tokenId);
        return Problem(refusal.Status, refusal.Reason);
    }

    /// <summary>
    /// The bytes copied, or null when the body is longer than <paramref name="limit"/>. A body that breaks off (the worker's
    /// connection dropped) ends the copy with what arrived.
    /// </summary>
    static async Task<long?> CopyAsync(Stream body, Stream file, long limit, CancellationToken ct)
    {
        var buffer = new byte[BufferBytes];
        long written = 0;
        while (true)
        {
            int read;
            try { read = await body.ReadAsync(buffer, ct); }
            catch (IOException) { return written; } // Kestrel's BadHttpRequestException and connection resets are IOExceptions
            if (read == 0) return written;
            if (written + read > limit) return null;
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
            written += read;
        }
    }

    static long? FreeBytes(string path)
    {
        try { return new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace; }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException) { return null; }
    }

    static IResult DiskFullProblem(string detail) =>
        Problem(StatusCodes.Status507InsufficientStorage, $"the server's disk is full ({detail})");

    /// <param name="received">For 409: how much the server has, so the worker can go on from there.</param>
    static IResult Problem(int status, string detail, long? received = null) =>
        Results.Problem(detail: detail, statusCode: status,
            extensions: received is { } r ? new Dictionary<string, object?> { ["received"] = r } : null);
}
