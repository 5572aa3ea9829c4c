using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// Debian's Chromium, headless, for the measuring commands (<c>live-load</c>, <c>page-load</c>): a throw-away profile,
/// no tab throttled as a background tab, and its DevTools endpoint on a free loopback port. Disposing kills it and
/// removes the profile.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string Executable = "/usr/bin/chromium";

    readonly Process process;
    readonly DirectoryInfo profile;

    HeadlessChromium(Process process, DirectoryInfo profile, int port)
    {
        this.process = process;
        this.profile = profile;
        DevTools = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>Chromium's DevTools HTTP endpoint (<c>/json/new</c>, <c>/json/list</c>).</summary>
    public HttpClient DevTools { get; }

    public static async Task<HeadlessChromium> StartAsync(string command)
    {
        if (!File.Exists(Executable)) throw new FileNotFoundException($"The {command} command opens its pages in {Executable}; install Debian's chromium (./test.sh does).", Executable);
        var profile = Directory.CreateTempSubdirectory($"hessianweb-{command}-chromium-");
        var process = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.FullName}",
                // Every tab is a page a user watches: none may be throttled as a background tab.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                "--remote-debugging-port=0", "about:blank",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try { return new HeadlessChromium(process, profile, await PortAsync(profile.FullName)); }
        catch
        {
            Kill(process, profile);
            throw;
        }
    }

    /// <summary>Opens <paramref name="page"/> in a new tab: <c>PUT /json/new?url</c>; returns the tab's DevTools WebSocket address.</summary>
    public async Task<Uri> OpenTabAsync(Uri page)
    {
        using var response = await DevTools.PutAsync($"/json/new?{page}", null);
        response.EnsureSuccessStatusCode();
        using var tab = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Uri(tab.RootElement.GetProperty("webSocketDebuggerUrl").GetString()!);
    }

    /// <summary>The port Chromium wrote to DevToolsActivePort in its profile once it listens.</summary>
    static async Task<int> PortAsync(string profile)
    {
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var waited = Stopwatch.StartNew();
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("Chromium did not open its DevTools port within 30 s.");
            await Task.Delay(50);
        }
        return int.Parse((await File.ReadAllLinesAsync(portFile))[0], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        DevTools.Dispose();
        Kill(process, profile);
    }

    static void Kill(Process process, DirectoryInfo profile)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5_000);
        process.Dispose();
        DeleteDirectory(profile.FullName);
    }

    /// <summary>Removes a throw-away folder, leaving it when something still holds it.</summary>
    public static void DeleteDirectory(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
