using System.Diagnostics;
using System.Text.Json;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Deploy;

/// <summary>
/// The worker's LibTorch is chosen by the build property TorchBackend (cpu by default, cuda for GPU hosts). The CUDA
/// package is not served by this machine's registry, so the switch is proved by MSBuild's evaluation, not by a restore.
/// </summary>
public class TorchBackendTests
{
    [Theory]
    [InlineData(null, "TorchSharp-cpu")]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda", "TorchSharp-cuda-linux")]
    public void The_backend_picks_one_TorchSharp_package_at_the_same_version(string? backend, string package)
    {
        var (code, output) = MsBuild(backend, "-getItem:PackageReference", "-getItem:PackageVersion");
        Assert.True(code == 0, output);
        var items = JsonDocument.Parse(output).RootElement.GetProperty("Items");
        var torch = items.GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString())
            .Where(id => id!.StartsWith("TorchSharp", StringComparison.Ordinal)).ToList();
        // One LibTorch package, and beside it, for either backend, the state-dict reader built on TorchSharp (uploaded weights).
        Assert.Equal([package, "TorchSharp.PyBridge"], torch);
        var versions = items.GetProperty("PackageVersion").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Version").GetString());
        Assert.Equal(versions["TorchSharp-cpu"], versions["TorchSharp-cuda-linux"]);
    }

    [Fact]
    public void Any_other_backend_stops_the_restore_naming_the_two_there_are()
    {
        // CollectPackageReferences is the target restore runs first to learn the packages.
        var (code, output) = MsBuild("rocm", "-t:CollectPackageReferences");
        Assert.NotEqual(0, code);
        Assert.Contains("TorchBackend is 'rocm'; it must be cpu (TorchSharp-cpu) or cuda (TorchSharp-cuda-linux).", output);
    }

    static (int Code, string Output) MsBuild(string? backend, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot.Path };
        foreach (var arg in new[] { "msbuild", "HessianWeb.Client", "-nologo" }.Concat(args)) info.ArgumentList.Add(arg);
        if (backend is not null) info.ArgumentList.Add($"-p:TorchBackend={backend}");
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
