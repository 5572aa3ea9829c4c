using System.Diagnostics;
using System.Reflection;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// A compute worker the <c>load</c> command starts for one of its servers: the HessianWeb.Client built beside this
/// server (as the local worker is, <c>Workers/LocalWorkerSupervisor</c>), one torch thread, the command's worker token,
/// ending with the command's process (<c>--parent-pid</c>). Killed on dispose.
/// </summary>
public sealed class LoadWorker : IAsyncDisposable
{
    readonly Process process;

    LoadWorker(Process process) => this.process = process;

    public static LoadWorker Start(Uri server, string name)
    {
        var path = typeof(LoadWorker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LocalWorkerAssembly")?.Value;
        if (path is null || !File.Exists(path)) throw new FileNotFoundException($"The load command's workers are the built HessianWeb.Client, not found at '{path}'. Build the solution first.");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { path, "--server", server.ToString().TrimEnd('/'), "--name", name, "--threads", "1", "--parent-pid", Environment.ProcessId.ToString() })
            info.ArgumentList.Add(arg);
        // The token travels in the environment, not on the command line where `ps` shows it.
        info.Environment["HESSIANWEB_WORKER_TOKEN"] = LoadOptions.WorkerToken;
        var process = Process.Start(info)!;
        // Drained, not shown: its progress is what the servers store.
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new LoadWorker(process);
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
