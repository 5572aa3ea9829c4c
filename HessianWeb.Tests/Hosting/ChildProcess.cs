using System.Diagnostics;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A process the test started (a worker, a dashboard server), with everything it prints kept in arrival order and
/// lines awaitable as they come. Disposing it kills it with its children, as <see cref="Kill"/> does.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    readonly Process process;
    readonly List<string> lines = [];
    readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> waiting = [];

    public ChildProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Completes when it has exited, however.</summary>
    public Task ExitedAsync() => process.WaitForExitAsync();

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

    /// <summary>Ends it at once (SIGKILL, with its children): no graceful stop, as when its host dies.</summary>
    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        process.WaitForExit(10_000);
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
        Kill();
        process.Dispose();
    }
}
