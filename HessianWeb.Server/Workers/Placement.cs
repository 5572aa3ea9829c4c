using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Workers;

/// <summary>Which workers can hold a run: the one place the scheduler and the submit check decide it.</summary>
public static class Placement
{
    /// <summary>
    /// Whether <paramref name="worker"/> can hold a run of <paramref name="spec"/>: it has the device the spec asks for
    /// (<see cref="HasDevice"/>), and the run's vectors and Lanczos basis (<see cref="SpecLimits.MemoryBytes"/> at the
    /// spec's step limit) fit the memory it reported (a worker that reported none is taken at its word).
    /// </summary>
    public static bool Fits(ExperimentSpec spec, WorkerCapacity worker) =>
        HasDevice(spec, worker) && (worker.MemoryBytes is not { } memory || Needs(spec) <= memory);

    /// <summary>A spec that names no device runs anywhere; one that names one, only on a worker of that kind.</summary>
    public static bool HasDevice(ExperimentSpec spec, WorkerCapacity worker) =>
        spec.Device is not { } wanted || KindOf(worker.Device) == wanted;

    /// <summary>
    /// The kind of a worker's reported device, read from its first word: "cpu", "cpu (test)" → CPU; "cuda",
    /// "cuda:0 (NVIDIA …)" → CUDA; anything else is neither.
    /// </summary>
    public static DeviceKind? KindOf(string device) => device.Split([':', ' ', '('], 2)[0].Trim().ToLowerInvariant() switch
    {
        "cpu" => DeviceKind.Cpu,
        "cuda" => DeviceKind.Cuda,
        _ => null,
    };

    /// <summary>
    /// Why no worker could hold a run of <paramref name="spec"/>, in words naming the largest worker that has the device
    /// and what it has against what the spec needs; null when one of <paramref name="workers"/> could hold it, or when
    /// none is known at all (the run then waits in the queue for one, as it always has).
    /// </summary>
    public static string? Refusal(ExperimentSpec spec, IReadOnlyList<WorkerCapacity> workers)
    {
        if (workers.Count == 0 || workers.Any(w => Fits(spec, w))) return null;
        var withDevice = workers.Where(w => HasDevice(spec, w)).ToList();
        if (withDevice.Count == 0)
            return $"No connected worker has a {DeviceName(spec.Device)} device (workers: {string.Join(", ", workers.Select(w => $"'{w.Name}' {Describe(w.Device)}"))}).";
        // Every one of them reported its memory, or it would fit.
        var largest = withDevice.MaxBy(w => w.MemoryBytes!.Value)!;
        var which = spec.Device is null ? "the largest worker" : $"the largest worker with a {DeviceName(spec.Device)} device";
        return $"No worker can hold this run: it needs about {ByteSize.Format(Needs(spec))} for its vectors and Lanczos basis; " +
            $"{which}, '{largest.Name}', has {ByteSize.Format(largest.MemoryBytes!.Value)}.";
    }

    static long Needs(ExperimentSpec spec) => SpecLimits.MemoryBytes(spec, spec.Analysis.LanczosMaxSteps);

    static string DeviceName(DeviceKind? device) => device == DeviceKind.Cuda ? "CUDA" : "CPU";

    /// <summary>"cpu", "cuda", or the device as the worker reported it when it is neither kind.</summary>
    static string Describe(string device) => KindOf(device)?.ToString().ToLowerInvariant() ?? device;
}
