using HessianWeb.Client.Bench;
using HessianWeb.Client.Models;
using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using static TorchSharp.torch;

namespace HessianWeb.Client;

/// <summary>
/// The compute worker: a client of the server's hub. Started by the server as its local worker, or by
/// hand on a GPU host: <c>HESSIANWEB_WORKER_TOKEN=... dotnet HessianWeb.Client.dll --server http://host:port [--device cpu|cuda]</c>.
/// <c>dotnet run -c Release --project HessianWeb.Client -- bench</c> measures the curvature engine (<see cref="CurvatureBench"/>) and
/// training (<see cref="TrainingBench"/>) instead; <c>bench curvature</c> or <c>bench training</c> runs one of them, and
/// <c>bench kernels</c> the hand-written vector kernels against TensorPrimitives (<see cref="KernelBench"/>); <c>--device</c>
/// puts the curvature bench on that device. <c>device [--device cpu|cuda]</c> prints the device a worker would compute on.
/// <c>inspect --kind torchscript|stateDict &lt;path&gt;</c> prints what an uploaded model file holds (<see cref="UploadInspection"/>).
/// </summary>
public static class WorkerMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["bench", ..])
        {
            if (Choose(Arg(args, "--device")) is not { } device) return 2;
            var only = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
            if (only is null or "curvature") CurvatureBench.Run(new BenchOptions { Device = device }, Console.Out);
            if (only is null or "training") TrainingBench.Run(new TrainingBenchOptions(), Console.Out);
            if (only is "kernels") KernelBench.Run(Console.Out);
            return 0;
        }
        if (args is ["inspect", ..]) return UploadInspection.Run(args, Console.Out, Console.Error);
        if (args is ["device", ..])
        {
            if (Choose(Arg(args, "--device")) is not { } chosen) return 2;
            Console.WriteLine(ComputeDevice.Inspect(chosen).Description);
            return 0;
        }
        WorkerSettings settings;
        try { settings = WorkerSettings.Parse(args); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        // Refused at start, before the server is reached: a worker asked for CUDA never computes elsewhere.
        return Choose(settings.Device) is { } on ? await WorkerHost.RunAsync(settings, on) : 2;
    }

    static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The device (<see cref="ComputeDevice.Choose"/>), or null with the reason printed.</summary>
    static Device? Choose(string? requested)
    {
        try { return ComputeDevice.Choose(requested); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }
}
