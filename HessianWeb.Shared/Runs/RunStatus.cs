namespace HessianWeb.Shared.Runs;

/// <summary>Queued → Running (Training ↔ Analysing) → Completed | Failed | Cancelled | Diverged.</summary>
public enum RunStatus { Queued, Running, Completed, Failed, Cancelled, Diverged }

/// <summary>What a running run is doing right now.</summary>
public enum RunPhase { Training, Analysing }

public static class RunStatusExtensions
{
    public static bool IsTerminal(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled or RunStatus.Diverged;
}
