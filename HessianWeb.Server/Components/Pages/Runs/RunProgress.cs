using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// A run's events folded into what its page shows. Events apply once, in sequence order: one already
/// applied (a stored event that is also published live) is ignored, so the page ends the same whether
/// it was opened before, during or after the run.
/// </summary>
public sealed class RunProgress
{
    readonly List<EpochMetrics> epochs = [];
    readonly List<LanczosTrace> lanczos = [];
    readonly List<SpectrumResult> spectra = [];

    public long LastSequence { get; private set; }
    public RunStatus Status { get; private set; } = RunStatus.Queued;
    public RunPhase? Phase { get; private set; }
    public string? Error { get; private set; }
    public long? ParameterCount { get; private set; }

    public IReadOnlyList<EpochMetrics> Epochs => epochs;

    /// <summary>One trace per checkpoint, in the order the checkpoints began.</summary>
    public IReadOnlyList<LanczosTrace> Lanczos => lanczos;

    public IReadOnlyList<SpectrumResult> Spectra => spectra;

    /// <summary>Applies <paramref name="e"/> unless it was applied already; says whether it did.</summary>
    public bool Apply(RunEvent e)
    {
        if (e.Sequence <= LastSequence) return false;
        LastSequence = e.Sequence;
        switch (e.Kind)
        {
            case RunEventKind.Status when e.Status is { } s:
                Status = s.Status;
                Phase = s.Status == RunStatus.Running ? s.Phase : null;
                if (s.Error is not null) Error = s.Error;
                if (s.ParameterCount is { } m) ParameterCount = m;
                break;
            case RunEventKind.Epoch when e.Epoch is { } epoch:
                epochs.Add(epoch);
                break;
            case RunEventKind.Lanczos when e.Lanczos is { } iteration:
                var trace = lanczos.FirstOrDefault(t => t.Checkpoint == iteration.Checkpoint);
                if (trace is null) lanczos.Add(trace = new LanczosTrace(iteration.Checkpoint));
                trace.Add(iteration);
                break;
            case RunEventKind.Spectrum when e.Spectrum is { } spectrum:
                spectra.Add(spectrum);
                break;
        }
        return true;
    }
}

/// <summary>Every Lanczos iteration of one checkpoint: the Ritz values converging to the top eigenvalues.</summary>
public sealed class LanczosTrace(string checkpoint)
{
    readonly List<LanczosIteration> iterations = [];

    public string Checkpoint { get; } = checkpoint;
    public IReadOnlyList<LanczosIteration> Iterations => iterations;
    public LanczosIteration Latest => iterations[^1];

    internal void Add(LanczosIteration iteration) => iterations.Add(iteration);
}
