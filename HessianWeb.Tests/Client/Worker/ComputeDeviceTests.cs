using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using HessianWeb.Tests.Hosting;
using TorchSharp;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>The one place a worker's device is chosen (ComputeDevice), its --device argument, and what it reports.</summary>
public class ComputeDeviceTests
{
    [Fact]
    public void Without_a_request_the_worker_takes_CUDA_when_there_is_a_GPU_and_the_CPU_otherwise()
    {
        Assert.Equal(DeviceType.CUDA, ComputeDevice.Kind(null, () => true));
        Assert.Equal(DeviceType.CPU, ComputeDevice.Kind(null, () => false));
        Assert.Equal(DeviceType.CPU, ComputeDevice.Kind("cpu", () => true));
        Assert.Equal(DeviceType.CUDA, ComputeDevice.Kind("cuda", () => true));
        Assert.Throws<ArgumentException>(() => ComputeDevice.Kind("cuda", () => false));
    }

    [Fact]
    public void Without_a_GPU_the_CPU_is_chosen_and_cuda_is_refused_in_words()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, ComputeDevice.Choose(null).type); // a GPU host's CUDA build
            return;
        }
        Assert.Equal(DeviceType.CPU, ComputeDevice.Choose(null).type);
        var refused = Assert.Throws<ArgumentException>(() => ComputeDevice.Choose("cuda"));
        Assert.Contains(ComputeDevice.Backend == "cpu" ? "built with TorchSharp-cpu" : "LibTorch sees no GPU", refused.Message);
        Assert.Contains("leave --device out to compute on the CPU", refused.Message);
        var unknown = Assert.Throws<ArgumentException>(() => ComputeDevice.Choose("rocm"));
        Assert.Equal("--device takes cpu or cuda, not 'rocm'.", unknown.Message);
    }

    [Fact]
    public void This_build_is_the_CPU_one_CI_builds_and_tests() => Assert.Equal("cpu", ComputeDevice.Backend);

    [Fact]
    public void The_worker_reports_cpu_with_the_memory_its_process_may_use()
    {
        var (description, memory) = ComputeDevice.Inspect(torch.CPU);
        Assert.Equal("cpu", description);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, memory);
    }

    [Fact]
    public void A_GPU_is_read_from_nvidia_smi_as_its_name_and_memory()
    {
        Assert.Equal(("NVIDIA H200", 143771L << 20), NvidiaGpu.Parse("NVIDIA H200, 143771\n"));
        Assert.Equal(("Tesla V100-SXM2-32GB", 32768L << 20), NvidiaGpu.Parse("Tesla V100-SXM2-32GB, 32768"));
        Assert.Null(NvidiaGpu.Parse("No devices were found"));
        Assert.Null(NvidiaGpu.Parse("NVIDIA H200, [N/A]"));
    }

    [Fact]
    public void The_device_argument_is_kept_as_given()
    {
        Assert.Equal("cuda", WorkerSettings.Parse(["--server", "http://h:1", "--token", "t", "--device", "cuda"]).Device);
        Assert.Null(WorkerSettings.Parse(["--server", "http://h:1", "--token", "t"]).Device);
    }

    [Fact]
    public async Task A_worker_asked_for_cuda_without_it_stops_at_start_saying_why()
    {
        // Port 9 (discard): nothing listens, and nothing needs to: the refusal comes before the server is reached.
        using var worker = new WorkerProcess(new Uri("http://127.0.0.1:9"), "any-token", "no-gpu", "--device", "cuda");
        Assert.Equal(2, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(worker.Lines, l => l.StartsWith("--device cuda: this worker is built with TorchSharp-cpu", StringComparison.Ordinal)
            && l.Contains("-p:TorchBackend=cuda", StringComparison.Ordinal));
    }
}
