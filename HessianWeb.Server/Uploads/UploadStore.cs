using System.Security.Claims;
using System.Security.Cryptography;
using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using HessianWeb.Shared;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// Uploaded models and data: each file streams to a temporary file under <c>uploads/</c> in the artifacts directory
/// while it is hashed and counted, is told apart and read through (<see cref="UploadInspection"/>), and only then moves
/// into place as <c>uploads/&lt;sha256&gt;</c> beside its row. A refusal or a failure on the way deletes the temporary
/// file, so nothing half-stored remains; the same bytes twice are one upload.
/// </summary>
public sealed class UploadStore(
    IDbContextFactory<RunsDbContext> dbFactory, ArtifactFiles artifacts, UploadInspection inspection, IOptions<UploadOptions> options)
{
    /// <summary>Where the files live; temporary ones carry a <c>.part</c> suffix until they move into place.</summary>
    public string Directory { get; } = Path.Combine(artifacts.DataDirectory, "uploads");

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>The name is for people (the kind comes from the bytes): a longer one is cut.</summary>
    const int MaxFileName = 200;

    /// <exception cref="UploadRefusedException">Not a member (403), over <see cref="MaxBytes"/> (413), or not a file the runs can read (422).</exception>
    public async Task<UploadSummary> SaveAsync(Stream content, string fileName, ClaimsPrincipal user, CancellationToken ct)
    {
        // Uploads are for launching runs; a TorchScript file runs code when it is loaded (README: "Your own model and data").
        if (!user.CanLaunch()) throw new UploadRefusedException(user.Refusal("upload files"), StatusCodes.Status403Forbidden);
        var name = Path.GetFileName(fileName.Trim()) is { Length: > 0 } given ? given[..Math.Min(given.Length, MaxFileName)] : "upload";
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $"{Guid.NewGuid():N}.part");
        try
        {
            var (sha256, bytes) = await CopyAsync(content, temp, name, ct);
            if (await FindBySha256Async(sha256, ct) is { } existing)
            {
                // The bytes are the same; put them back should the file have gone missing.
                if (!File.Exists(PathOf(existing.Sha256))) File.Move(temp, PathOf(existing.Sha256));
                return existing.ToSummary();
            }
            var (kind, contents) = await inspection.ReadAsync(temp, name, ct);
            return await KeepAsync(temp, new UploadRecord
            {
                Id = Guid.CreateVersion7(), Sha256 = sha256, Bytes = bytes, FileName = name, Kind = kind,
                CreatedAt = DateTime.UtcNow, UploadedBy = user.UserName(), ContentsJson = JsonFormat.Serialize(contents),
            }, ct);
        }
        finally { File.Delete(temp); }
    }

    public async Task<IReadOnlyList<UploadSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.Uploads.AsNoTracking().OrderByDescending(u => u.CreatedAt).ToListAsync(ct);
        return records.Select(r => r.ToSummary()).ToList();
    }

    public async Task<UploadSummary?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Uploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct))?.ToSummary();
    }

    /// <summary>The stored file of an upload, or null when there is no such upload (or its file is gone).</summary>
    public async Task<string?> FileAsync(Guid id, CancellationToken ct = default) =>
        await FindAsync(id, ct) is { } upload && File.Exists(PathOf(upload.Sha256)) ? PathOf(upload.Sha256) : null;

    /// <summary>The uploads <paramref name="spec"/> names, for its run's or analysis's assignment.</summary>
    public async Task<IReadOnlyList<UploadReference>> ReferencesAsync(ExperimentSpec spec, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await UploadReferences.OfAsync(db, spec, ct);
    }

    string PathOf(string sha256) => Path.Combine(Directory, sha256);

    async Task<(string Sha256, long Bytes)> CopyAsync(Stream content, string temp, string name, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long bytes = 0;
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            bytes += read;
            if (bytes > MaxBytes)
                throw new UploadRefusedException($"{name} is larger than the {MaxBytes:N0} bytes an upload may be (Uploads:MaxBytes).", StatusCodes.Status413PayloadTooLarge);
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        if (bytes == 0) throw new UploadRefusedException($"{name} is empty.");
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), bytes);
    }

    async Task<UploadRecord?> FindBySha256Async(string sha256, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Uploads.AsNoTracking().FirstOrDefaultAsync(u => u.Sha256 == sha256, ct);
    }

    /// <summary>Moves the file into place and adds its row; when another upload of the same bytes won the race, that one is the answer.</summary>
    async Task<UploadSummary> KeepAsync(string temp, UploadRecord record, CancellationToken ct)
    {
        var path = PathOf(record.Sha256);
        File.Move(temp, path, overwrite: true);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Uploads.Add(record);
            await db.SaveChangesAsync(ct);
            return record.ToSummary();
        }
        catch (DbUpdateException)
        {
            if (await FindBySha256Async(record.Sha256, CancellationToken.None) is { } winner) return winner.ToSummary();
            File.Delete(path);
            throw;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
