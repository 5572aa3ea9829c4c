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
        if (!Directory.Exists(store.Directory)) return Task.CompletedTask;
        var before = clock.GetUtcNow().UtcDateTime - options.Value.AbandonedAfter;
        foreach (var part in Directory.EnumerateFiles(store.Directory, "*.part"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(part) >= before) continue;
                File.Delete(part);
                logger.LogInformation("Deleted {Part}, a part of an upload that stopped midway", Path.GetFileName(part));
            }
            catch (IOException ex) { logger.LogWarning(ex, "Could not delete the abandoned upload part {Part}", part); }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
