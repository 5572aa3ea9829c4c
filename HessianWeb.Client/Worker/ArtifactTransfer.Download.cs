using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Worker;

public sealed partial class ArtifactTransfer
{
    public AnalysisWeights Download(AnalysisAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var from = DownloadAsync(assignment.Weights, cancellationToken).GetAwaiter().GetResult();
        var to = assignment.Interpolation is { } line ? DownloadAsync(line.To, cancellationToken).GetAwaiter().GetResult() : null;
        return new AnalysisWeights(from, to);
    }

    /// <summary>
    /// Fetches the file into a temporary file (a dropped connection goes on from the bytes already there, by a range
    /// request), checks its length and SHA-256 against the reference, fetching it again from the start when they differ
    /// (<see cref="ArtifactTransferPolicy.WholeFileAttempts"/> times at most), and reads its tensors.
    /// </summary>
    public async Task<IReadOnlyList<NamedTensor>> DownloadAsync(ArtifactReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var what = What(reference.Kind, reference.Checkpoint, reference.Length);
        var path = Path.Combine(Path.GetTempPath(), $"hessianweb-{reference.RunId:N}-{Guid.NewGuid():N}.safetensors");
        using var deadline = Deadline(reference.Length, cancellationToken);
        try
        {
            for (var whole = 1; ; whole++)
            {
                await FetchAsync(ArtifactRoutes.Download(reference), reference.Length, path, deadline.Token);
                string sha256;
                await using (var file = File.OpenRead(path))
                    sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, deadline.Token));
                if (string.Equals(sha256, reference.Sha256, StringComparison.OrdinalIgnoreCase))
                    return await SafeTensorsReader.ReadFileAsync(path, deadline.Token);
                if (whole >= policy.WholeFileAttempts)
                    throw new TransferRefusedException(
                        $"what arrived has SHA-256 {sha256[..12]}…, the server's file {reference.Sha256[..Math.Min(12, reference.Sha256.Length)]}…; fetched {whole} times");
            }
        }
        catch (Exception ex) when (ex is TransferRefusedException || IsPastDeadline(ex, cancellationToken))
        {
            throw new ArtifactTransferException($"Downloading {what} failed: {Reason(ex, reference.Length)}", ex);
        }
        catch (InvalidDataException bad)
        {
            throw new ArtifactTransferException($"Downloading {what} failed: it is not a safetensors file ({bad.Message})", bad);
        }
        finally { File.Delete(path); }
    }

    /// <summary>The whole file of <paramref name="length"/> bytes at <paramref name="route"/> into <paramref name="path"/>,
    /// resuming after a dropped connection with a range request.</summary>
    async Task FetchAsync(string route, long length, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var failures = 0;
        while (file.Length < length)
        {
            var before = file.Length;
            string reason;
            var retryable = true;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, At(route));
                if (before > 0) request.Headers.Range = new RangeHeaderValue(before, null);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if (response.IsSuccessStatusCode)
                {
                    if (response.StatusCode != HttpStatusCode.PartialContent) file.SetLength(0);
                    file.Position = file.Length;
                    await using (var body = await response.Content.ReadAsStreamAsync(ct))
                        await body.CopyToAsync(file, ct);
                    await file.FlushAsync(ct);
                    if (file.Length > length)
                        throw new TransferRefusedException($"the server sent {file.Length:N0} bytes for a file of {length:N0}");
                    if (file.Length == length) break;
                    reason = $"the answer ended after {file.Length:N0} of {length:N0} bytes";
                }
                else
                {
                    var refusal = await RefusalAsync<object>(response, ct);
                    (reason, retryable) = (refusal.Reason!, refusal.Retryable);
                }
            }
            catch (Exception ex) when (IsTransient(ex, ct))
            {
                await file.FlushAsync(ct); // keep what arrived: the next request asks for the rest
                reason = $"the connection failed ({ex.Message})";
            }
            if (file.Length > before) failures = 0;
            failures = await FailedAsync(failures, reason, retryable, ct);
        }
    }
}
