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
    readonly ChildProcess process;

    public WorkerProcess(Uri server, string token, string name, params string[] extraArgs) : this([server], token, name, extraArgs) { }

    /// <param name="servers">Instances sharing one store, given as <c>--server a,b</c>: the worker fails over between them.</param>
    public WorkerProcess(IReadOnlyList<Uri> servers, string token, string name, params string[] extraArgs)
    {
        var server = string.Join(',', servers.Select(s => s.ToString().TrimEnd('/')));
        var info = new ProcessStartInfo("dotnet");
        foreach (var arg in new[] { WorkerAssembly, "--server", server, "--name", name, "--threads", "1" }.Concat(extraArgs))
            info.ArgumentList.Add(arg);
        info.Environment["HESSIANWEB_WORKER_TOKEN"] = token;
        info.Environment.Remove("HESSIANWEB_WORKER_ID");
        process = new ChildProcess(info);
    }

    /// <summary>The worker assembly the server's supervisor would start (the build puts its path in the server's metadata).</summary>
    public static string WorkerAssembly { get; } = typeof(LocalWorkerSupervisor).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "LocalWorkerAssembly").Value!;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything it printed so far (stdout and stderr, in arrival order).</summary>
    public IReadOnlyList<string> Lines => process.Lines;

    /// <summary>The first line (already printed or to come) that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => process.WaitForLineAsync(match, timeout);

    /// <summary>Its exit code, once it has exited of its own accord.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync(timeout);

    public void Dispose() => process.Dispose();
}
