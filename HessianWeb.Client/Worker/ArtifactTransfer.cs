using HessianWeb.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Worker;

/// <summary>Moves a run's files between this worker and the server, outside the hub (<see cref="ArtifactRoutes"/>).</summary>
public interface IArtifactTransfer
{
    /// <summary>Uploads the artifact's file for the run's event <paramref name="sequence"/> and returns the event's reference to it.</summary>
    /// <exception cref="ArtifactTransferException">The upload failed for good; the message says why in words.</exception>
    ArtifactResult Upload(Guid runId, long sequence, ArtifactContent artifact, CancellationToken cancellationToken);

    /// <summary>Downloads the weights an analysis starts from (both ends for an interpolation), each checked by its SHA-256.</summary>
    /// <exception cref="ArtifactTransferException">A download failed for good.</exception>
    AnalysisWeights Download(AnalysisAssignment assignment, CancellationToken cancellationToken);

    /// <summary>The uploaded files an assignment names, each on this worker's disk with its length and SHA-256 checked.</summary>
    /// <exception cref="ArtifactTransferException">A download failed for good.</exception>
    LocalUploads Fetch(IReadOnlyList<UploadReference> uploads, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IArtifactTransfer"/> over HTTP with the worker's token as a bearer header. Every request is retried after a
/// failure that may pass (no connection, a timeout, 408, 409, 429, 5xx other than 507) with growing pauses, a bounded number
/// of times (<see cref="ArtifactTransferPolicy"/>); a refusal retrying cannot fix (401, 403, 404, 410, 413, 507, …) ends the
/// transfer at once. Either way the failure is an <see cref="ArtifactTransferException"/> that says what failed and why.
/// </summary>
/// <remarks>Requests go to the server <c>server</c> names when each is made: the one the worker is connected to now.</remarks>
public sealed partial class ArtifactTransfer(HttpClient http, ArtifactTransferPolicy policy, Func<Uri> server) : IArtifactTransfer, IDisposable
{
    static readonly MediaTypeHeaderValue Octets = new("application/octet-stream");

    /// <param name="handler">Below the client, e.g. a test's fault injection; the default is a plain socket handler.</param>
    public static ArtifactTransfer Create(Uri server, string token, ArtifactTransferPolicy? policy = null, HttpMessageHandler? handler = null) =>
        Create(() => server, token, policy, handler);

    /// <param name="server">The server to send each request to, asked afresh for every request.</param>
    /// <param name="handler">Below the client, e.g. a test's fault injection; the default is a plain socket handler.</param>
    /// <param name="uploadCache">Where uploaded files are kept; null: <see cref="DefaultUploadCache"/>.</param>
    public static ArtifactTransfer Create(Func<Uri> server, string token, ArtifactTransferPolicy? policy = null, HttpMessageHandler? handler = null,
        string? uploadCache = null)
    {
        policy ??= ArtifactTransferPolicy.Default;
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = policy.RequestTimeout;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ArtifactTransfer(http, policy, server) { UploadCache = uploadCache ?? DefaultUploadCache() };
    }

    /// <summary>A route on the server the worker is on now.</summary>
    Uri At(string route) => new(server(), route);

    public void Dispose() => http.Dispose();

    /// <summary>"weights", "data set", "eigenvectors": what a person calls the artifact's kind.</summary>
    static string Words(string kind) => kind switch
    {
        ArtifactKinds.Data => "data set",
        _ => kind,
    };

    static string What(string kind, string checkpoint, long length) => $"the {Words(kind)} of checkpoint '{checkpoint}' ({ByteSize.Format(length)})";

    /// <summary>One try of a request: its JSON answer, or why it failed and whether trying again may help.</summary>
    sealed record Attempt<T>(T? Value, string? Reason = null, bool Retryable = false, long? Received = null, HttpStatusCode? Status = null);

    async Task<Attempt<T>> TryAsync<T>(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        try
        {
            using var request = build();
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
                return new Attempt<T>(await response.Content.ReadFromJsonAsync<T>(JsonFormat.Options, ct)
                    ?? throw new HttpRequestException("The server's answer was empty."));
            return await RefusalAsync<T>(response, ct);
        }
        catch (Exception ex) when (IsTransient(ex, ct))
        {
            return new Attempt<T>(default, $"the connection failed ({ex.Message})", Retryable: true);
        }
    }

    /// <summary>The server's status and reason (its ProblemDetails' detail) in words.</summary>
    static async Task<Attempt<T>> RefusalAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        string? detail = null;
        long? received = null;
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
                if (problem.RootElement.TryGetProperty("received", out var r) && r.TryGetInt64(out var n)) received = n;
            }
        }
        catch (JsonException) { /* no ProblemDetails: the status says it */ }
        catch (HttpRequestException) { }
        var code = (int)status;
        var reason = status switch
        {
            HttpStatusCode.Unauthorized => "the server refused this worker's token (401)",
            // A 403 with a reason (the run is not this worker's) says it: the run's error shows why its file was refused.
            _ when detail is not null => $"{detail} ({code})",
            HttpStatusCode.Forbidden => "the server does not let this worker in (403)",
            _ => $"the server answered {code} {response.ReasonPhrase}",
        };
        var retryable = status is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests
            || (code >= 500 && status != HttpStatusCode.InsufficientStorage);
        return new Attempt<T>(default, reason, retryable, received, status);
    }

    /// <summary>Failures of the connection, including a request that outlived the policy's timeout, but not a cancelled run.</summary>
    static bool IsTransient(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    /// <summary>Counts a failure; throws when it is final or the attempts are spent, else waits out the back-off.</summary>
    async Task<int> FailedAsync(int failures, string reason, bool retryable, CancellationToken ct)
    {
        if (!retryable) throw new TransferRefusedException(reason);
        if (++failures >= policy.Attempts) throw new TransferRefusedException($"{reason}; gave up after {failures} attempts");
        await Task.Delay(policy.Backoff(failures), ct);
        return failures;
    }

    /// <summary>The run's cancellation, and the policy's bound on the whole transfer of a file of <paramref name="bytes"/>.</summary>
    CancellationTokenSource Deadline(long bytes, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(policy.MaxDuration(bytes));
        return deadline;
    }

    /// <summary>Cancelled by the transfer's own deadline rather than by the run.</summary>
    static bool IsPastDeadline(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && !cancellationToken.IsCancellationRequested;

    string Reason(Exception ex, long bytes) => ex is TransferRefusedException
        ? ex.Message
        : $"it did not finish within {Duration(policy.MaxDuration(bytes))}";

    static string Duration(TimeSpan span) => span.TotalMinutes >= 2
        ? $"{span.TotalMinutes:0} minutes"
        : $"{span.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s";

    /// <summary>Why a transfer ended, in words, before it is told as what failed (<see cref="ArtifactTransferException"/>).</summary>
    sealed class TransferRefusedException(string reason) : Exception(reason);
}
