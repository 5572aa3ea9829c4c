using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// One server instance the <c>load</c> command started: this very server assembly in a process of its own, called with
/// the command's admin token, its working set sampled every second once it serves and its CPU time read, killed on dispose.
/// </summary>
public sealed class LoadServer : IAsyncDisposable
{
    static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    readonly Process process;
    readonly List<long> workingSet = [];
    readonly Queue<string> lastErrors = new();
    readonly CancellationTokenSource stop = new();
    Task sampler = Task.CompletedTask;

    LoadServer(string name, Uri address, Process process)
    {
        Name = name;
        Address = address;
        this.process = process;
        Api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(100) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ToolCommands.CommandToken);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string Name { get; }
    public Uri Address { get; }

    /// <summary>The server's API as the command's admin.</summary>
    public HttpClient Api { get; }

    /// <summary>The working set once a second since the server answered, in bytes.</summary>
    public IReadOnlyList<long> WorkingSet
    {
        get { lock (workingSet) return [.. workingSet]; }
    }

    /// <summary>CPU time the process has used so far, user and system.</summary>
    public TimeSpan CpuTime
    {
        get { process.Refresh(); return process.TotalProcessorTime; }
    }

    /// <summary>Starts instance <paramref name="name"/> on a free loopback port and waits until it answers as the admin.</summary>
    public static async Task<LoadServer> StartAsync(string name, Func<int, string[]> args, CancellationToken ct)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(LoadServer).Assembly.Location);
        foreach (var arg in args(port)) info.ArgumentList.Add(arg);
        var server = new LoadServer(name, new Uri($"http://127.0.0.1:{port}"), Process.Start(info)!);
        try
        {
            await server.WaitUntilServingAsync(ct);
            server.sampler = Task.Run(server.SampleAsync, CancellationToken.None);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    async Task WaitUntilServingAsync(CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"Server {Name} exited with code {process.ExitCode} while starting: {LastErrors()}");
            if (waited.Elapsed > StartTimeout) throw new TimeoutException($"Server {Name} did not answer within {StartTimeout.TotalSeconds:0} s: {LastErrors()}");
            try
            {
                using var response = await Api.GetAsync("/api/me", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>The process's last lines of output, for a failure's message.</summary>
    public string LastErrors()
    {
        lock (lastErrors) return lastErrors.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, lastErrors);
    }

    void Remember(string? line)
    {
        if (line is null) return;
        lock (lastErrors)
        {
            lastErrors.Enqueue(line);
            if (lastErrors.Count > 20) lastErrors.Dequeue();
        }
    }

    async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            do
            {
                process.Refresh();
                if (process.HasExited) return;
                lock (workingSet) workingSet.Add(process.WorkingSet64);
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException) { }
        catch (InvalidOperationException) { /* the process is gone */ }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampler;
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        await process.WaitForExitAsync();
        process.Dispose();
        Api.Dispose();
        stop.Dispose();
    }
}
