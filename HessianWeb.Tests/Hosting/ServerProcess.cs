using System.Diagnostics;
using System.Text.RegularExpressions;
using HessianWeb.Server.Access;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A dashboard server as a process of its own, started as an operator starts one (<c>dotnet HessianWeb.Server.dll</c>
/// from the build, Development environment), on a free loopback port, with <see cref="RunningServer.TestSettings"/> and
/// the test's settings as environment variables. Unlike <see cref="RunningServer"/>, it can die as a host dies
/// (<see cref="Kill"/>), and the test reaches it over HTTP only. Its log is kept one line per entry.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    readonly ChildProcess process;

    ServerProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        DataDirectory = Directory.CreateTempSubdirectory("hessianweb-test-").FullName;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(Assembly)! };
        info.ArgumentList.Add(Assembly);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        // One line per log entry, so that a line names its run and its worker together.
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in RunningServer.TestSettings(DataDirectory, startLocalWorker: false, BootstrapToken).Concat(settings))
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        process = new ChildProcess(info);
    }

    /// <summary>Starts it and completes once it serves requests; throws with its output if it stops or stalls first.</summary>
    public static async Task<ServerProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var server = new ServerProcess(name, settings);
        try
        {
            var started = server.process.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), timeout);
            var finished = await Task.WhenAny(started, server.process.ExitedAsync());
            if (finished != started || !started.IsCompletedSuccessfully)
                throw new InvalidOperationException($"Server {name} did not start:\n{server.Output}");
            var listening = server.process.Lines.Select(l => Listening().Match(l)).First(m => m.Success);
            server.BaseAddress = new Uri(listening.Groups["address"].Value);
            server.Http = new HttpClient { BaseAddress = server.BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", server.BootstrapToken) } };
            return server;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var output = server.Output;
            server.Dispose();
            throw new InvalidOperationException($"Server {name} did not start ({ex.Message}):\n{output}", ex);
        }
    }

    /// <summary>The server built beside the tests (same configuration and framework as the test binaries).</summary>
    public static string Assembly { get; } = FindAssembly();

    /// <summary>What the test calls it (A, B); its <c>Server:InstanceName</c> in a cluster.</summary>
    public string Name { get; }

    public string DataDirectory { get; }

    /// <summary>The admin token it accepts from start-up (<c>Access:BootstrapToken</c>).</summary>
    public string BootstrapToken { get; } = SecretTokens.New("boot_");

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>A client that presents <see cref="BootstrapToken"/>.</summary>
    public HttpClient Http { get; private set; } = default!;

    public bool HasExited => process.HasExited;

    /// <summary>Its log so far, one entry a line.</summary>
    public IReadOnlyList<string> Lines => process.Lines;

    public string Output => string.Join('\n', process.Lines);

    public string Address(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>Kills it outright (SIGKILL): no graceful stop, nothing told to its workers or to the other instances.</summary>
    public void Kill() => process.Kill();

    public void Dispose()
    {
        Http?.Dispose();
        process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static string FindAssembly()
    {
        // The tests run from HessianWeb.Tests/bin/<configuration>/<framework>/; the server's build sits at the same place under its project.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var path = Path.Combine(RepoRoot.Path, "HessianWeb.Server", "bin", framework.Parent!.Name, framework.Name, "HessianWeb.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the server is not at " + path, path);
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex Listening();
}
