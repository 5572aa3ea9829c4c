using System.Diagnostics;
using System.Reflection;
using HessianWeb.Server.Workers;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A real compute worker process started by the test, as an operator starts one on another host (README, "More
/// workers"): the built HessianWeb.Client with a token, pointed at a server address. Its output is kept, and lines
/// can be awaited as they come.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    readonly Process process;
    readonly List<string> lines = [];
    readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> waiting = [];

    public WorkerProcess(Uri server, string token, string name, params string[] extraArgs) : this([server], token, name, extraArgs) { }

    /// <param name="servers">Instances sharing one store, given as <c>--server a,b</c>: the worker fails over between them.</param>
    public WorkerProcess(IReadOnlyList<Uri> servers, string token, string name, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var serverList = string.Join(",", servers.Select(s => s.ToString().TrimEnd('/')));
        foreach (var arg in new[] { WorkerAssembly, "--server", serverList, "--name", name, "--threads", "1" }.Concat(extraArgs))
            info.ArgumentList.Add(arg);
        info.Environment["HESSIANWEB_WORKER_TOKEN"] = token;
        info.Environment.Remove("HESSIANWEB_WORKER_ID");
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The worker assembly the server's supervisor would start (the build puts its path in the server's metadata).</summary>
    public static string WorkerAssembly { get; } = typeof(LocalWorkerSupervisor).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "LocalWorkerAssembly").Value!;

    public int Id => process.Id;

    /// <summary>Everything it printed so far (stdout and stderr, in arrival order).</summary>
    public IReadOnlyList<string> Lines { get { lock (lines) return lines.ToList(); } }

    /// <summary>The first line (already printed or to come) that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        lock (lines)
        {
            if (lines.FirstOrDefault(match) is { } line) return Task.FromResult(line);
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Add((match, found));
            return found.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Its exit code, once it has exited of its own accord.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        process.WaitForExit(); // the output's last lines
        return process.ExitCode;
    }

    void Add(string? line)
    {
        if (line is null) return;
        lock (lines)
        {
            lines.Add(line);
            foreach (var w in waiting.Where(w => w.Match(line)).ToList())
            {
                w.Found.TrySetResult(line);
                waiting.Remove(w);
            }
        }
    }

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        process.WaitForExit(10_000);
        process.Dispose();
    }
}
