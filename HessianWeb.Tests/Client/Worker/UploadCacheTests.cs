using System.Net;
using System.Security.Cryptography;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>The worker's copies of uploaded files (<see cref="ArtifactTransfer.Fetch"/>), against a server that answers in memory.</summary>
public sealed class UploadCacheTests : IDisposable
{
    readonly string cache = Directory.CreateTempSubdirectory("hw-upload-cache-").FullName;
    readonly byte[] bytes = RandomNumberGenerator.GetBytes(100_000);

    public void Dispose() => Directory.Delete(cache, recursive: true);

    static readonly ArtifactTransferPolicy Quick = ArtifactTransferPolicy.Default with
    {
        FirstBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(40),
    };

    /// <summary>Answers the worker's download of <paramref name="served"/> at its route, counting the requests.</summary>
    sealed class UploadServer(Guid id, byte[] served) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(request.RequestUri!.AbsolutePath == UploadRoutes.WorkerDownload(id)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(served) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }

    ArtifactTransfer Transfer(UploadServer server) =>
        new(new HttpClient(server), Quick, () => new Uri("http://server.test")) { UploadCache = cache };

    UploadReference Reference(Guid id) => new(id, UploadKind.Safetensors, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);

    [Fact]
    public void A_file_is_fetched_once_kept_by_its_hash_and_fetched_again_when_its_copy_was_changed()
    {
        var id = Guid.NewGuid();
        var server = new UploadServer(id, bytes);
        using var transfer = Transfer(server);
        var reference = Reference(id);

        var first = transfer.Fetch([reference], CancellationToken.None).Of(id, "data.file");
        var again = transfer.Fetch([reference], CancellationToken.None).Of(id, "data.file");

        Assert.Equal(Path.Combine(cache, reference.Sha256), first.Path);
        Assert.Equal((first.Path, UploadKind.Safetensors), (again.Path, again.Kind));
        Assert.Equal(1, server.Requests);
        Assert.Equal(bytes, File.ReadAllBytes(first.Path));

        File.WriteAllBytes(first.Path, new byte[bytes.Length]); // same length, other bytes
        transfer.Fetch([reference], CancellationToken.None);
        Assert.Equal(2, server.Requests);
        Assert.Equal(bytes, File.ReadAllBytes(first.Path));
        Assert.Single(Directory.GetFiles(cache));
    }

    [Fact]
    public void A_file_that_arrives_different_is_fetched_twice_then_refused_leaving_nothing_in_the_cache()
    {
        var id = Guid.NewGuid();
        var changed = (byte[])bytes.Clone();
        changed[^1] ^= 1;
        var server = new UploadServer(id, changed);
        using var transfer = Transfer(server);

        var error = Assert.Throws<ArtifactTransferException>(() => transfer.Fetch([Reference(id)], CancellationToken.None));

        Assert.StartsWith($"Downloading the uploaded file {id} (", error.Message);
        Assert.Contains("fetched 2 times", error.Message);
        Assert.Equal(2, server.Requests);
        Assert.Empty(Directory.GetFiles(cache));
    }
}
