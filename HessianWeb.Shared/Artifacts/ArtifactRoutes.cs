namespace HessianWeb.Shared.Artifacts;

/// <summary>
/// Where a run's files move between worker and server, outside the hub (whose messages stay small): streamed HTTP
/// under <c>/api/worker</c>, with the worker's token as <c>Authorization: Bearer</c>. An upload is the safetensors file
/// of one artifact event, named by the run and the event's sequence number: PUT its bytes in chunks at increasing
/// offsets, ask how much the server has after a failure, then POST the SHA-256 of the whole file; the server checks it
/// and only then moves the file into place under its real name. The event then refers to the file
/// (<see cref="Runs.ArtifactResult.File"/>). A download is a stored file, by run and file name, with ranges.
/// </summary>
public static class ArtifactRoutes
{
    public const string Prefix = "/api/worker";

    /// <summary>Bytes one PUT may carry; a larger body is refused with 413.</summary>
    public const int MaxChunkBytes = 16 << 20;

    /// <summary>PUT <c>?offset=O&amp;length=L</c> (L: the whole file's length) with a chunk; GET: <see cref="UploadProgress"/>.</summary>
    public static string Upload(Guid runId, long sequence) => $"{Prefix}/runs/{runId}/uploads/{sequence}";

    /// <summary>POST an <see cref="UploadCompletion"/>; the answer is an <see cref="UploadedArtifact"/>.</summary>
    public static string Complete(Guid runId, long sequence) => $"{Upload(runId, sequence)}/complete";

    /// <summary>GET a stored file (ranges allowed).</summary>
    public static string Download(ArtifactReference reference) => $"{Prefix}/runs/{reference.RunId}/artifacts/{Uri.EscapeDataString(reference.Name)}";
}

/// <summary>How many bytes of an upload the server holds: the offset to go on from.</summary>
public sealed record UploadProgress(long Received);

/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
public sealed record UploadCompletion(string Sha256, long Length);

/// <param name="File">The file's path relative to the server's data directory, for the artifact event.</param>
public sealed record UploadedArtifact(string File, string Sha256, long Length);

/// <summary>
/// A file the server keeps, as an assignment refers to it: the worker downloads it from
/// <see cref="ArtifactRoutes.Download"/> and checks its length and SHA-256.
/// </summary>
/// <param name="Name">The file's name in its run's folder.</param>
/// <param name="Checkpoint">The checkpoint it was saved at, and <paramref name="Kind"/>, for messages a person reads.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
public sealed record ArtifactReference(Guid RunId, string Name, string Checkpoint, string Kind, string Sha256, long Length);
