using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using HessianWeb.Server.Workers;
using HessianWeb.Shared;
using HessianWeb.Shared.Uploads;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// Reads a TorchScript file or a PyTorch state dict with the worker's <c>inspect</c> command in a short-lived child
/// process: loading TorchScript runs the file's code, and LibTorch aborts its whole process on some malformed input, so
/// neither happens in the server's process. The worker is the HessianWeb.Client the local worker runs
/// (Workers/LocalWorkerSupervisor): it prints the contents as JSON and exits 0, or prints the reason and exits 3.
/// </summary>
public sealed class WorkerInspection(IOptions<WorkerOptions> workers, IOptions<UploadOptions> uploads)
{
    const int Refused = 3;

    /// <exception cref="UploadRefusedException">The worker refused the file or did not finish in time (422), or there is no worker to read it (503).</exception>
    public async Task<UploadContents> InspectAsync(string path, UploadKind kind, string fileName, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { WorkerPath(kind), "inspect", "--kind", kind == UploadKind.Torchscript ? "torchscript" : "stateDict", path })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started to inspect an upload.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(uploads.Value.InspectTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* it ended just now */ }
            ct.ThrowIfCancellationRequested();
            throw new UploadRefusedException($"{fileName} took longer than {uploads.Value.InspectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s to read.");
        }
        var (stdout, stderr) = (await output, (await error).Trim());
        return process.ExitCode switch
        {
            0 => JsonFormat.Deserialize<UploadContents>(stdout) ?? throw new InvalidOperationException($"The worker's inspect printed no contents for {fileName}."),
            Refused => throw new UploadRefusedException($"{fileName}: {stderr}"),
            // Not a refusal in words: LibTorch may have aborted on the file itself.
            var code => throw new UploadRefusedException($"{fileName} could not be read as {Describe(kind)} (the reader stopped with exit code {code}{(stderr.Length > 0 ? $": {Last(stderr)}" : "")})."),
        };
    }

    static string Describe(UploadKind kind) => kind == UploadKind.Torchscript ? "a TorchScript file" : "a PyTorch state dict";

    static string Last(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();

    string WorkerPath(UploadKind kind)
    {
        var path = workers.Value.LocalWorkerPath;
        if (string.IsNullOrWhiteSpace(path))
            path = typeof(WorkerInspection).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "LocalWorkerAssembly")?.Value;
        if (path is null || !File.Exists(path))
            // The server's set-up, not the file: 503, and the file may be sent again once the worker is there.
            throw new UploadRefusedException(
                $"This server cannot read {Describe(kind)} now: the worker that reads them was not found at '{path}'. Build HessianWeb.Client or set Workers:LocalWorkerPath.",
                StatusCodes.Status503ServiceUnavailable);
        return path;
    }
}
