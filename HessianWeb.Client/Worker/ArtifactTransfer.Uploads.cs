using System.Security.Cryptography;
using HessianWeb.Client.Data;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Client.Worker;

public sealed partial class ArtifactTransfer
{
    /// <summary>
    /// Where uploaded files are kept, each named by its SHA-256: $HESSIANWEB_DATA/uploads when set, else
    /// $XDG_CACHE_HOME/hessianweb/uploads (~/.cache/hessianweb/uploads), so a file many runs name crosses the network once;
    /// a worker started with <c>--upload-cache</c> keeps them there (<see cref="WorkerSettings.UploadCache"/>).
    /// </summary>
    public string UploadCache { get; init; } = DefaultUploadCache();

    static string DefaultUploadCache()
    {
        var data = Environment.GetEnvironmentVariable(ImageDataSet.DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(data)) return Path.Combine(data, "uploads");
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            cache = string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "hessianweb", "uploads");
    }

    public LocalUploads Fetch(IReadOnlyList<UploadReference> uploads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var files = new Dictionary<Guid, LocalUpload>();
        foreach (var upload in uploads)
            files[upload.Id] = new LocalUpload(FetchAsync(upload, cancellationToken).GetAwaiter().GetResult(), upload.Kind);
        return new LocalUploads(files);
    }

    /// <summary>
    /// The cached copy when its length and SHA-256 are the reference's; else the file fetched into a part file (resuming by
    /// range requests, fetched again from the start when its hash differs, as artifacts are) and moved into place whole, so
    /// a worker that stops midway, or another worker on the same folder, never takes a part for the file.
    /// </summary>
    public async Task<string> FetchAsync(UploadReference upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var what = $"the uploaded file {upload.Id} ({ByteSize.Format(upload.Bytes)})";
        // The hash names the file: only 64 hex digits may, so a reference never reaches outside the folder.
        if (upload.Sha256.Length != 64 || !upload.Sha256.All(char.IsAsciiHexDigit))
            throw new ArtifactTransferException($"Downloading {what} failed: '{upload.Sha256}' is not a SHA-256.");
        Directory.CreateDirectory(UploadCache);
        var path = Path.Combine(UploadCache, upload.Sha256.ToLowerInvariant());
        using var deadline = Deadline(upload.Bytes, cancellationToken);
        if (File.Exists(path) && new FileInfo(path).Length == upload.Bytes && await Sha256Async(path, deadline.Token) == upload.Sha256.ToLowerInvariant())
            return path;
        var part = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            for (var whole = 1; ; whole++)
            {
                await FetchAsync(UploadRoutes.WorkerDownload(upload.Id), upload.Bytes, part, deadline.Token);
                var sha256 = await Sha256Async(part, deadline.Token);
                if (string.Equals(sha256, upload.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    File.Move(part, path, overwrite: true);
                    return path;
                }
                if (whole >= policy.WholeFileAttempts)
                    throw new TransferRefusedException($"what arrived has SHA-256 {sha256[..12]}…, the server's file {upload.Sha256[..12]}…; fetched {whole} times");
            }
        }
        catch (Exception ex) when (ex is TransferRefusedException || IsPastDeadline(ex, cancellationToken))
        {
            throw new ArtifactTransferException($"Downloading {what} failed: {Reason(ex, upload.Bytes)}", ex);
        }
        finally { File.Delete(part); }
    }

    static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }
}
