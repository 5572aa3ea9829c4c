using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// At start, deletes the <c>.part</c> files that uploads and downloads stopped midway left in the uploads folder (a server
/// or worker killed while a file streamed in). Only parts nothing has written to for <see cref="UploadOptions.AbandonedAfter"/>
/// go: a file still streaming, to another server or a worker sharing the folder, is written to all the time.
/// </summary>
sealed class AbandonedUploads(UploadStore store, IOptions<UploadOptions> options, TimeProvider clock, ILogger<AbandonedUploads> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.Value.AbandonedAfter;
        foreach (var part in Parts())
        {
            // A part that cannot go stays; the server starts all the same.
            try
            {
                if (File.GetLastWriteTimeUtc(part) >= before) continue;
                File.Delete(part);
                logger.LogInformation("Deleted {Part}, a part of an upload that stopped midway", Path.GetFileName(part));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not delete the abandoned upload part {Part}", part);
            }
        }
        return Task.CompletedTask;
    }

    IReadOnlyList<string> Parts()
    {
        try { return Directory.Exists(store.Directory) ? Directory.GetFiles(store.Directory, "*.part") : []; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not look for abandoned upload parts in {Directory}", store.Directory);
            return [];
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
