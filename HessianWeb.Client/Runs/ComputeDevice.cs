using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

public static class ComputeDevice
{
    /// <summary>CUDA when this host's LibTorch sees a GPU, otherwise the CPU.</summary>
    public static Device Best() => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    public static string Describe(Device device) => device.type == DeviceType.CUDA
        ? $"cuda:{Math.Max(0, (int)device.index)} ({torch.cuda.device_count()} GPUs)"
        : "cpu";
}
