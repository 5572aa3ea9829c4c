using HessianWeb.Server.Uploads;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary>What a server killed in the middle of an upload left behind, as the next server to start finds it.</summary>
public sealed class AbandonedUploadsTests : IDisposable
{
    readonly DirectoryInfo data = Directory.CreateTempSubdirectory("hessianweb-abandoned-");

    public void Dispose() => data.Delete(recursive: true);

    [Fact]
    public void A_starting_server_deletes_the_parts_nothing_wrote_to_for_an_hour_and_keeps_fresh_parts_and_stored_files()
    {
        var uploads = Directory.CreateDirectory(Path.Combine(data.FullName, "uploads")).FullName;
        string Write(string name, TimeSpan age)
        {
            var path = Path.Combine(uploads, name);
            File.WriteAllBytes(path, [1, 2, 3]);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            return path;
        }
        var stopped = Write($"{Guid.NewGuid():N}.part", TimeSpan.FromHours(2));
        var workerStopped = Write($"{new string('a', 64)}.{Guid.NewGuid():N}.part", TimeSpan.FromMinutes(61));
        var streaming = Write($"{Guid.NewGuid():N}.part", TimeSpan.FromMinutes(5));
        var stored = Write(new string('b', 64), TimeSpan.FromDays(30));

        using var server = new RunningServer(startLocalWorker: false, dataDirectory: data.FullName);

        Assert.Equal(uploads, server.Services.GetRequiredService<UploadStore>().Directory);
        Assert.False(File.Exists(stopped));
        Assert.False(File.Exists(workerStopped));
        Assert.True(File.Exists(streaming));
        Assert.True(File.Exists(stored));
    }
}
