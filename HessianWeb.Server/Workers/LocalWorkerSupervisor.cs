using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Uploads;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>
/// Starts one local compute worker process once the server listens, and starts a new one whenever
/// it dies. The worker is a separate process so that a libtorch abort never takes the dashboard down.
/// </summary>
public sealed class LocalWorkerSupervisor(
    IOptions<WorkerOptions> options, WorkerTokens tokens, IServer server, IHostApplicationLifetime lifetime,
    RunScheduler scheduler, WorkerRegistry registry, RunNotifier notifier, UploadStore uploads, ILogger<LocalWorkerSupervisor> logger) : BackgroundService
{
    /// <summary>The local worker process now running, if any (tests kill it to simulate a crash).</summary>
    public Process? Current { get; private set; }

    /// <summary>The id the local worker now running registers with.</summary>
    public Guid? CurrentWorkerId { get; private set; }

    /// <summary>Why there is no local worker, in words, when it cannot be started.</summary>
    public string? Problem { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.StartLocalWorker) return;
        if (!await WaitForStartAsync(stoppingToken)) return;

        string serverUrl, workerPath;
        try
        {
            serverUrl = LocalServerUrl();
            workerPath = ResolveWorkerPath();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException)
        {
            // The dashboard stays up without a local worker; the home page says why.
            Problem = ex.Message;
            notifier.PublishRunListChanged();
            logger.LogError("No local worker: {Problem}", ex.Message);
            return;
        }
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var workerId = Guid.NewGuid();
            using var process = Start(workerPath, serverUrl, workerId);
            Current = process;
            CurrentWorkerId = workerId;
            var startedAt = DateTime.UtcNow;
            try { await process.WaitForExitAsync(stoppingToken); }
            catch (OperationCanceledException) { Kill(process); break; }

            var code = process.ExitCode;
            logger.LogWarning("Local worker (pid {Pid}) exited with code {Code}", process.Id, code);
            if (registry.TakeById(workerId) is { } lost)
            {
                // Failing the run must not stop the supervisor (a background service's exception stops the whole host).
                try { await scheduler.WorkerLostAsync(lost, $"the worker process exited with code {code} during the run."); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "The run of the local worker that exited could not be failed");
                }
            }

            // A worker that cannot even start must not spin: back off up to 30 s.
            failuresInARow = DateTime.UtcNow - startedAt < TimeSpan.FromSeconds(10) ? failuresInARow + 1 : 0;
            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failuresInARow) / 2));
            try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }

    Process Start(string workerPath, string serverUrl, Guid workerId)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { workerPath, "--server", serverUrl, "--name", "local", "--parent-pid", Environment.ProcessId.ToString() }) info.ArgumentList.Add(arg);
        // The server's uploads folder names each file by its SHA-256, as the worker's cache does: the local worker finds
        // its uploads there, checks their hash, and neither downloads nor copies them outside the data directory.
        info.ArgumentList.Add("--upload-cache"); info.ArgumentList.Add(uploads.Directory);
        if (options.Value.LocalWorkerThreads > 0) { info.ArgumentList.Add("--threads"); info.ArgumentList.Add(options.Value.LocalWorkerThreads.ToString()); }
        // The token travels in the environment, not on the command line where `ps` shows it.
        info.Environment["HESSIANWEB_WORKER_TOKEN"] = tokens.LocalToken;
        // Its id, so that its registration is known as this process's whatever its pid (HESSIANWEB_WORKER_ID, WorkerSettings.IdVariable).
        info.Environment["HESSIANWEB_WORKER_ID"] = workerId.ToString();

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.LogInformation("[worker] {Line}", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.LogWarning("[worker] {Line}", e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Started local worker (pid {Pid}) for {Url}", process.Id, serverUrl);
        return process;
    }

    async Task<bool> WaitForStartAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource();
        using var a = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var b = ct.Register(() => started.TrySetCanceled());
        try { await started.Task; return true; }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>An address this machine can reach the server on: wildcard hosts become loopback, http preferred.</summary>
    string LocalServerUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The server reports no listening address for the local worker to use.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost") uri.Host = "127.0.0.1";
        return uri.Uri.ToString().TrimEnd('/');
    }

    string ResolveWorkerPath()
    {
        var path = options.Value.LocalWorkerPath;
        if (string.IsNullOrWhiteSpace(path))
            path = typeof(LocalWorkerSupervisor).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "LocalWorkerAssembly")?.Value;
        if (path is null || !File.Exists(path))
            throw new FileNotFoundException($"The local worker was not found at '{path}'. Build HessianWeb.Client or set Workers:LocalWorkerPath.");
        return path;
    }

    static void Kill(Process process)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
    }
}
