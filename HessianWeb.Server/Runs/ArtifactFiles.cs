using System.Security.Cryptography;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// The safetensors files that hold a run's arrays (weights, data, eigenvectors), under
/// <c>&lt;data directory&gt;/runs/&lt;run id&gt;/</c>. Events refer to them by their path relative to the
/// data directory, with '/' as separator, so the data directory can move. Each file's metadata names its run,
/// checkpoint, kind and the sequence number of its event.
/// </summary>
public sealed class ArtifactFiles(string dataDirectory)
{
    const string RunKey = ArtifactMetadata.Run;
    const string CheckpointKey = ArtifactMetadata.Checkpoint;
    const string KindKey = ArtifactMetadata.Kind;
    const string SequenceKey = ArtifactMetadata.Sequence;

    public string DataDirectory { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));

    /// <summary>
    /// Writes the artifact's tensors to their file and returns the artifact as the events table keeps it:
    /// tensors without data, <see cref="ArtifactResult.File"/>, its SHA-256 and length set. The file is written under a
    /// temporary name and moved into place, so a crash never leaves half a file under the real name.
    /// </summary>
    /// <exception cref="InvalidDataException">The tensors do not describe themselves consistently.</exception>
    public async Task<ArtifactResult> WriteAsync(Guid runId, long sequence, ArtifactResult artifact, CancellationToken ct = default)
    {
        var relative = await ChooseFileAsync(runId, sequence, artifact.Checkpoint, artifact.Kind, ct);
        var path = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial";
        try
        {
            await using (var file = File.Create(temporary))
                await SafeTensorsWriter.WriteAsync(file, artifact.Tensors, ArtifactMetadata.For(runId, sequence, artifact.Checkpoint, artifact.Kind), ct);
            var sha256 = await Sha256Async(temporary, ct);
            var length = new FileInfo(temporary).Length;
            File.Move(temporary, path, overwrite: true);
            return WithoutData(artifact) with { File = relative, Sha256 = sha256, Length = length };
        }
        finally { File.Delete(temporary); }
    }

    /// <summary>Where an upload of the event <paramref name="sequence"/> collects until it is verified; never an artifact's name.</summary>
    public string UploadPath(Guid runId, long sequence) => FullPath($"runs/{runId}/uploads/{sequence}.partial");

    /// <summary>
    /// Moves a verified upload into place under its real name ("&lt;checkpoint&gt;-&lt;kind&gt;.safetensors", see
    /// <see cref="ChooseFileAsync"/>), after checking that it is a well-formed safetensors file of this run and event whose
    /// header accounts for every byte.
    /// </summary>
    /// <exception cref="InvalidDataException">It is not: the upload stays where it was.</exception>
    public async Task<UploadedArtifact> PlaceUploadAsync(Guid runId, long sequence, string sha256, CancellationToken ct = default)
    {
        var upload = UploadPath(runId, sequence);
        var length = new FileInfo(upload).Length;
        SafeTensorsHeader header;
        await using (var file = File.OpenRead(upload))
            header = await SafeTensorsReader.ReadHeaderAsync(file, ct);
        if (header.DataStart + header.DataLength != length)
            throw new InvalidDataException($"The header accounts for {header.DataStart + header.DataLength:N0} bytes; the file has {length:N0}.");
        var metadata = header.Metadata;
        if (metadata.GetValueOrDefault(RunKey) != runId.ToString() || metadata.GetValueOrDefault(SequenceKey) != sequence.ToString())
            throw new InvalidDataException($"The file's metadata names run {metadata.GetValueOrDefault(RunKey)} event {metadata.GetValueOrDefault(SequenceKey)}, not run {runId} event {sequence}.");
        if (metadata.GetValueOrDefault(CheckpointKey) is not { Length: > 0 } checkpoint || metadata.GetValueOrDefault(KindKey) is not { Length: > 0 } kind)
            throw new InvalidDataException("The file's metadata names no checkpoint or kind.");

        var relative = await ChooseFileAsync(runId, sequence, checkpoint, kind, ct);
        File.Move(upload, FullPath(relative), overwrite: true);
        var uploads = Path.GetDirectoryName(upload)!;
        if (!Directory.EnumerateFileSystemEntries(uploads).Any())
            try { Directory.Delete(uploads); } catch (IOException) { /* another upload began meanwhile */ }
        return new UploadedArtifact(relative, sha256, length);
    }

    /// <summary>
    /// An uploaded artifact's event as the events table keeps it, once its file is found in place: under the name this
    /// event's file gets, with this run and sequence in its metadata, the event's length, and the tensors the event names.
    /// </summary>
    /// <exception cref="InvalidDataException">No such file: the upload was never completed, or the event describes another.</exception>
    public async Task<ArtifactResult> VerifyUploadedAsync(Guid runId, long sequence, ArtifactResult artifact, CancellationToken ct = default)
    {
        var stem = Stem(runId, artifact.Checkpoint, artifact.Kind);
        if (artifact.File != $"{stem}.safetensors" && artifact.File != $"{stem}-{sequence}.safetensors")
            throw new InvalidDataException($"The event names the file '{artifact.File}', not one its checkpoint and kind are stored under.");
        var path = FullPath(artifact.File);
        if (!File.Exists(path)) throw new InvalidDataException($"No completed upload '{artifact.File}'.");
        var length = new FileInfo(path).Length;
        if (artifact.Length != length || artifact.Sha256 is not { Length: 64 })
            throw new InvalidDataException($"The event says {artifact.Length} bytes with SHA-256 '{artifact.Sha256}'; the file has {length:N0} bytes.");
        await using var file = File.OpenRead(path);
        var header = await SafeTensorsReader.ReadHeaderAsync(file, ct);
        if (header.Metadata.GetValueOrDefault(RunKey) != runId.ToString() || header.Metadata.GetValueOrDefault(SequenceKey) != sequence.ToString())
            throw new InvalidDataException($"'{artifact.File}' was uploaded for another event.");
        var described = artifact.Tensors.Select(t => (t.Name, SafeTensorsDtype.ToFile(t.Dtype), string.Join(",", t.Shape)));
        if (!described.SequenceEqual(header.Tensors.Select(t => (t.Name, t.Dtype, string.Join(",", t.Shape)))))
            throw new InvalidDataException($"'{artifact.File}' holds other tensors than the event names.");
        return WithoutData(artifact);
    }

    /// <summary>
    /// How a worker downloads the artifact's file: its name, length and SHA-256 (computed when the event has none), once
    /// the file is found whole (<see cref="VerifyAsync"/>), so a damaged checkpoint fails its analysis here, naming the file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is missing or damaged.</exception>
    public async Task<ArtifactReference> ReferenceAsync(Guid runId, ArtifactResult artifact, CancellationToken ct = default)
    {
        var path = await VerifyAsync(artifact, ct);
        var sha256 = artifact.Sha256 ?? await Sha256Async(path, ct);
        return new ArtifactReference(runId, Path.GetFileName(path), artifact.Checkpoint, artifact.Kind, sha256, new FileInfo(path).Length);
    }

    /// <summary>The path of a stored file of the run by its name, or null when it is no artifact file there.</summary>
    public string? Find(Guid runId, string name)
    {
        if (FileNames.Sanitize(name) != name || !name.EndsWith(".safetensors", StringComparison.Ordinal)) return null;
        var path = FullPath($"runs/{runId}/{name}");
        return File.Exists(path) ? path : null;
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    /// <summary>The artifact's tensors with their bytes, read back from its file.</summary>
    /// <exception cref="InvalidDataException">The file is damaged: truncated, not safetensors, or its bytes no longer have
    /// the SHA-256 recorded when it was stored (<see cref="Verify"/>); the message names it.</exception>
    public async Task<IReadOnlyList<NamedTensor>> ReadTensorsAsync(ArtifactResult artifact, CancellationToken ct = default)
    {
        var path = await VerifyAsync(artifact, ct);
        try { return await SafeTensorsReader.ReadFileAsync(path, ct); }
        catch (InvalidDataException ex) { throw Damaged(path, ex.Message, ex); }
    }

    /// <summary>
    /// The artifact's file, checked against the length and SHA-256 its event recorded; a file stored before events
    /// recorded them must at least be a safetensors file whose header accounts for every byte.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is missing or its bytes changed since; the message names it.</exception>
    public async Task<string> VerifyAsync(ArtifactResult artifact, CancellationToken ct = default)
    {
        var path = FullPath(artifact.File ?? throw NoFile(artifact));
        if (!File.Exists(path)) throw Damaged(path, "it is missing");
        if (artifact.Sha256 is { } expected)
        {
            var length = new FileInfo(path).Length;
            if (artifact.Length is { } stored && stored != length)
                throw Damaged(path, $"it has {length:N0} bytes where {stored:N0} were stored");
            if (await Sha256Async(path, ct) != expected)
                throw Damaged(path, "its bytes no longer have the SHA-256 recorded when it was stored (they were changed since)");
            return path;
        }
        SafeTensorsHeader header;
        long bytes;
        try
        {
            await using var file = File.OpenRead(path);
            header = await SafeTensorsReader.ReadHeaderAsync(file, ct);
            bytes = file.Length;
        }
        catch (InvalidDataException ex) { throw Damaged(path, ex.Message, ex); }
        if (header.DataStart + header.DataLength != bytes)
            throw Damaged(path, $"its header accounts for {header.DataStart + header.DataLength:N0} bytes; it has {bytes:N0}");
        return path;
    }

    static InvalidDataException Damaged(string path, string why, Exception? inner = null) =>
        new($"The file {path} is damaged: {why}.", inner);

    public Stream OpenRead(ArtifactResult artifact) => File.OpenRead(FullPath(artifact.File ?? throw NoFile(artifact)));

    public static ArtifactResult WithoutData(ArtifactResult artifact) =>
        artifact with { Tensors = artifact.Tensors.Select(t => t with { Data = null }).ToList() };

    /// <summary>The file's absolute path; refuses paths that would leave the data directory.</summary>
    public string FullPath(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(DataDirectory, relative));
        if (!path.StartsWith(DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"The artifact path '{relative}' is outside the data directory.");
        return path;
    }

    static string Stem(Guid runId, string checkpoint, string kind) => $"runs/{runId}/{FileNames.Sanitize(checkpoint)}-{FileNames.Sanitize(kind)}";

    /// <summary>
    /// "&lt;checkpoint&gt;-&lt;kind&gt;.safetensors", unless a file of another event already has that name (a
    /// checkpoint reported twice): then the sequence number makes it unique. A file this event wrote before
    /// its row was committed (the worker resends after a crash) is simply rewritten.
    /// </summary>
    async Task<string> ChooseFileAsync(Guid runId, long sequence, string checkpoint, string kind, CancellationToken ct)
    {
        var stem = Stem(runId, checkpoint, kind);
        var relative = $"{stem}.safetensors";
        var path = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) return relative;
        try
        {
            await using var existing = File.OpenRead(path);
            var header = await SafeTensorsReader.ReadHeaderAsync(existing, ct);
            if (header.Metadata.GetValueOrDefault(SequenceKey) == sequence.ToString()) return relative;
        }
        catch (InvalidDataException) { /* not ours to trust: keep it, write beside it */ }
        return $"{stem}-{sequence}.safetensors";
    }

    static InvalidOperationException NoFile(ArtifactResult artifact) =>
        new($"The {artifact.Kind} artifact of checkpoint '{artifact.Checkpoint}' has no file.");
}
