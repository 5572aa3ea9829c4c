using HessianWeb.Server.Workers;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>Which workers can hold a spec (<see cref="Placement"/>), and the reason given when none can.</summary>
public sealed class PlacementTests
{
    // The quickstart: 109 parameters × (6·8 + (4 + 10 + 5)·8 + 101·8) = 109 × 1,008 bytes = 109,872 bytes.
    static readonly ExperimentSpec Quickstart = new();
    const long QuickstartBytes = 109_872;

    static WorkerCapacity Worker(string name, string device = "cpu", long? memory = null) => new(name, device, 2, memory, Busy: false);

    [Theory]
    [InlineData("cpu", DeviceKind.Cpu)]
    [InlineData("cpu (test)", DeviceKind.Cpu)]
    [InlineData("cuda", DeviceKind.Cuda)]
    [InlineData("cuda:0 (NVIDIA H200)", DeviceKind.Cuda)]
    [InlineData("CUDA:1 (2 GPUs)", DeviceKind.Cuda)]
    [InlineData("mps", null)]
    [InlineData("1", null)]
    [InlineData("", null)]
    public void A_workers_device_kind_is_read_from_its_first_word(string device, DeviceKind? kind) =>
        Assert.Equal(kind, Placement.KindOf(device));

    [Fact]
    public void A_spec_fits_a_worker_with_its_device_and_enough_memory()
    {
        var cuda = Quickstart with { Device = DeviceKind.Cuda };
        Assert.True(Placement.Fits(Quickstart, Worker("a", "cuda:0 (NVIDIA H200)", QuickstartBytes)));
        Assert.True(Placement.Fits(cuda, Worker("a", "cuda:0 (NVIDIA H200)")));
        Assert.False(Placement.Fits(cuda, Worker("a", "cpu")));
        Assert.True(Placement.Fits(Quickstart with { Device = DeviceKind.Cpu }, Worker("a", "cpu (test)")));
        Assert.False(Placement.Fits(Quickstart, Worker("a", "cpu", QuickstartBytes - 1)));
    }

    [Fact]
    public void Nothing_is_refused_when_some_worker_fits_or_none_is_known()
    {
        Assert.Null(Placement.Refusal(Quickstart, []));
        Assert.Null(Placement.Refusal(Quickstart with { Device = DeviceKind.Cuda }, []));
        Assert.Null(Placement.Refusal(Quickstart, [Worker("small", memory: 1_000), Worker("big", memory: QuickstartBytes)]));
        Assert.Null(Placement.Refusal(Quickstart, [Worker("small", memory: 1_000), Worker("unsaid")]));
    }

    [Fact]
    public void A_spec_too_large_for_every_worker_names_the_largest_and_what_it_has()
    {
        var refusal = Placement.Refusal(Quickstart, [Worker("small", memory: 20_000), Worker("gpu-07", "cuda:0 (NVIDIA A100)", 80_000), Worker("mid", memory: 50_000)]);

        Assert.Equal("No worker can hold this run: it needs about 110 kB for its vectors and Lanczos basis; the largest worker, 'gpu-07', has 80.0 kB.", refusal);
    }

    [Fact]
    public void A_spec_asking_for_a_device_is_measured_against_the_workers_that_have_it()
    {
        var cuda = Quickstart with { Device = DeviceKind.Cuda };
        var refusal = Placement.Refusal(cuda, [Worker("big-cpu", memory: 1L << 40), Worker("gpu-07", "cuda:0 (NVIDIA A100)", 80_000)]);

        Assert.Equal("No worker can hold this run: it needs about 110 kB for its vectors and Lanczos basis; the largest worker with a CUDA device, 'gpu-07', has 80.0 kB.", refusal);
    }

    [Fact]
    public void A_device_no_worker_has_is_refused_listing_the_workers()
    {
        var refusal = Placement.Refusal(Quickstart with { Device = DeviceKind.Cuda }, [Worker("a"), Worker("b", "cpu (test)"), Worker("c", "mps")]);

        Assert.Equal("No connected worker has a CUDA device (workers: 'a' cpu, 'b' cpu, 'c' mps).", refusal);
    }
}
