using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Workers;

/// <summary>Which workers can hold a run: the one place the scheduler and the submit check decide it.</summary>
public static class Placement
{
    /// <summary>
    /// Whether <paramref name="worker"/> can hold a run of <paramref name="spec"/>: its vectors and Lanczos basis
    /// (<see cref="SpecLimits.MemoryBytes"/> at the spec's step limit) fit the memory it reported (a worker that reported
    /// none is taken at its word).
    /// </summary>
    public static bool Fits(ExperimentSpec spec, WorkerCapacity worker) =>
        worker.MemoryBytes is not { } memory || SpecLimits.MemoryBytes(spec, spec.Analysis.LanczosMaxSteps) <= memory;
}
