using HessianWeb.Client.Bench;
using HessianWeb.Client.Worker;

namespace HessianWeb.Client;

/// <summary>
/// The compute worker: a client of the server's hub. Started by the server as its local worker, or by
/// hand on a GPU host: <c>HESSIANWEB_WORKER_TOKEN=... dotnet HessianWeb.Client.dll --server http://host:port</c>.
/// <c>dotnet run -c Release --project HessianWeb.Client -- bench</c> measures the curvature engine (<see cref="CurvatureBench"/>) and
/// training (<see cref="TrainingBench"/>) instead; <c>bench curvature</c> or <c>bench training</c> runs one of them, and
/// <c>bench kernels</c> the hand-written vector kernels against TensorPrimitives (<see cref="KernelBench"/>).
/// </summary>
public static class WorkerMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["bench", ..])
        {
            var only = args.Length > 1 ? args[1] : null;
            if (only is null or "curvature") CurvatureBench.Run(new BenchOptions(), Console.Out);
            if (only is null or "training") TrainingBench.Run(new TrainingBenchOptions(), Console.Out);
            if (only is "kernels") KernelBench.Run(Console.Out);
            return 0;
        }
        WorkerSettings settings;
        try { settings = WorkerSettings.Parse(args); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        return await WorkerHost.RunAsync(settings);
    }
}
