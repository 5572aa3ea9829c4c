using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Where a worker's tensors and modules live: the one place that decides it. Everything a run makes (data, model,
/// curvature vectors) is made on the device chosen here (<see cref="RunExecutor"/>); Lanczos keeps its basis in host
/// memory in float64 or the model's precision whatever the device (<c>Spectral/BasisMemory.cs</c>).
/// </summary>
public static class ComputeDevice
{
    /// <summary>The LibTorch this worker was built against: "cpu" or "cuda" (the build's <c>TorchBackend</c>).</summary>
    public static string Backend { get; } = typeof(ComputeDevice).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>The device for <paramref name="requested"/> (a worker's <c>--device</c>), as <see cref="Kind"/> decides.</summary>
    /// <exception cref="ArgumentException">An unknown device, or "cuda" where LibTorch sees no GPU.</exception>
    public static Device Choose(string? requested) =>
        Kind(requested, torch.cuda.is_available) == DeviceType.CUDA ? torch.CUDA : torch.CPU;

    /// <summary>
    /// None → CUDA when this host's LibTorch sees a GPU, else the CPU; "cpu" → the CPU; "cuda" → CUDA, refused in words
    /// when there is none. Apart from <see cref="Choose"/> because naming torch.CUDA initialises it, which needs a GPU.
    /// </summary>
    public static DeviceType Kind(string? requested, Func<bool> cudaAvailable) => requested switch
    {
        null => cudaAvailable() ? DeviceType.CUDA : DeviceType.CPU,
        "cpu" => DeviceType.CPU,
        "cuda" when cudaAvailable() => DeviceType.CUDA,
        "cuda" => throw new ArgumentException(NoCuda()),
        _ => throw new ArgumentException($"--device takes cpu or cuda, not '{requested}'."),
    };

    static string NoCuda() => Backend == "cuda"
        ? "--device cuda: this worker is built for CUDA but LibTorch sees no GPU here (is the NVIDIA driver loaded, and " +
          "CUDA_VISIBLE_DEVICES not empty?). Leave --device out to compute on the CPU."
        : "--device cuda: this worker is built with TorchSharp-cpu, which has no CUDA. On a GPU host build it with " +
          "-p:TorchBackend=cuda (README, GPU hosts), or leave --device out to compute on the CPU.";

    /// <summary>
    /// How the worker names <paramref name="device"/> in its registration, and the memory its tensors may take there:
    /// "cpu" with what this process may use, or "cuda:N (name, G GiB)" with the GPU's memory (<see cref="NvidiaGpu"/>;
    /// "cuda:N" and no figure when nvidia-smi cannot say). The server's placement reads the prefix and the memory.
    /// </summary>
    public static (string Description, long? MemoryBytes) Inspect(Device device)
    {
        if (device.type != DeviceType.CUDA) return ("cpu", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var index = Math.Max(0, (int)device.index);
        return NvidiaGpu.Query(index) is { } gpu
            ? ($"cuda:{index} ({gpu.Name}, {gpu.MemoryBytes / (double)(1L << 30):0} GiB)", gpu.MemoryBytes)
            : ($"cuda:{index}", null);
    }
}
