using HessianWeb.Server.Export;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// The safetensors files that hold a run's arrays (weights, data, eigenvectors), under
/// <c>&lt;data directory&gt;/runs/&lt;run id&gt;/</c>. Events refer to them by their path relative to the
/// data directory, with '/' as separator, so the data directory can move.
/// </summary>
public sealed class ArtifactFiles(string dataDirectory)
{
    const string SequenceKey = "sequence";

    /// <summary>SHA-256 of the data section, in hex: a damaged file is refused when read, not analysed as if whole.</summary>
    const string ChecksumKey = "sha256";

    public string DataDirectory { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));

    /// <summary>
    /// Writes the artifact's tensors to their file and returns the artifact as the events table keeps it:
    /// tensors without data, <see cref="ArtifactResult.File"/> set. The file is written under a temporary
    /// name and moved into place, so a crash never leaves half a file under the real name.
    /// </summary>
    /// <exception cref="InvalidDataException">The tensors do not describe themselves consistently.</exception>
    public async Task<ArtifactResult> WriteAsync(Guid runId, long sequence, ArtifactResult artifact, CancellationToken ct = default)
    {
        var relative = await ChooseFileAsync(runId, sequence, artifact, ct);
        var path = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial";
        var metadata = new Dictionary<string, string>
        {
            ["run"] = runId.ToString(),
            ["checkpoint"] = artifact.Checkpoint,
            ["kind"] = artifact.Kind,
            [SequenceKey] = sequence.ToString(),
            [ChecksumKey] = Checksum(artifact.Tensors),
        };
        try
        {
            await using (var file = File.Create(temporary))
                await SafeTensorsWriter.WriteAsync(file, artifact.Tensors, metadata, ct);
            File.Move(temporary, path, overwrite: true);
        }
        finally { File.Delete(temporary); }
        return WithoutData(artifact) with { File = relative };
    }

    /// <summary>The artifact's tensors with their bytes, read back from its file.</summary>
    /// <exception cref="InvalidDataException">The file is damaged (truncated, not safetensors, or its data fail their checksum); the message names it.</exception>
    public async Task<IReadOnlyList<NamedTensor>> ReadTensorsAsync(ArtifactResult artifact, CancellationToken ct = default)
    {
        var path = FullPath(artifact.File ?? throw NoFile(artifact));
        try
        {
            await using var file = File.OpenRead(path);
            var header = await SafeTensorsReader.ReadHeaderAsync(file, ct);
            file.Position = 0;
            var tensors = await SafeTensorsReader.ReadAsync(file, ct);
            if (header.Metadata.GetValueOrDefault(ChecksumKey) is { } expected && expected != Checksum(tensors))
                throw new InvalidDataException("its data do not match the checksum written with them (bytes were changed after it was saved)");
            return tensors;
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The file {path} is damaged: {ex.Message}", ex);
        }
    }

    static string Checksum(IReadOnlyList<NamedTensor> tensors)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var t in tensors) sha.AppendData(t.Data ?? []);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

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

    /// <summary>
    /// "&lt;checkpoint&gt;-&lt;kind&gt;.safetensors", unless a file of another event already has that name (a
    /// checkpoint reported twice): then the sequence number makes it unique. A file this event wrote before
    /// its row was committed (the worker resends after a crash) is simply rewritten.
    /// </summary>
    async Task<string> ChooseFileAsync(Guid runId, long sequence, ArtifactResult artifact, CancellationToken ct)
    {
        var stem = $"{FileNames.Sanitize(artifact.Checkpoint)}-{FileNames.Sanitize(artifact.Kind)}";
        var relative = $"runs/{runId}/{stem}.safetensors";
        var path = FullPath(relative);
        if (!File.Exists(path)) return relative;
        try
        {
            await using var existing = File.OpenRead(path);
            var header = await SafeTensorsReader.ReadHeaderAsync(existing, ct);
            if (header.Metadata.GetValueOrDefault(SequenceKey) == sequence.ToString()) return relative;
        }
        catch (InvalidDataException) { /* not ours to trust: keep it, write beside it */ }
        return $"runs/{runId}/{stem}-{sequence}.safetensors";
    }

    static InvalidOperationException NoFile(ArtifactResult artifact) =>
        new($"The {artifact.Kind} artifact of checkpoint '{artifact.Checkpoint}' has no file.");
}
