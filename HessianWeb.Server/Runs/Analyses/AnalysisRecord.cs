using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.Analyses;

/// <summary>Queued → Running → Completed | Failed. A failed analysis leaves its run completed: the training stands.</summary>
public enum AnalysisStatus { Queued, Running, Completed, Failed }

/// <summary>
/// A request to analyse a saved checkpoint of a completed run again. While it runs, its run is re-opened
/// (Running/Analysing) and the worker's events continue the run's sequence, reported under <see cref="Label"/>.
/// </summary>
public sealed class AnalysisRecord
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    /// <summary>The checkpoint whose saved weights are analysed ("end", "init", "epoch-N").</summary>
    public required string Checkpoint { get; set; }
    /// <summary>The checkpoint the results are reported under: "end·2" is the second analysis of "end".</summary>
    public required string Label { get; set; }
    /// <summary>The <see cref="Shared.Specs.AnalysisSpec"/> as JSON.</summary>
    public required string AnalysisJson { get; set; }
    public AnalysisStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? WorkerName { get; set; }
    public string? Error { get; set; }
    /// <summary>The sequence number of the run's re-opening event: the analysis's events follow it.</summary>
    public long? FirstSequence { get; set; }

    /// <summary>
    /// Ends this analysis with the run's terminal status and returns the status the run stores: always
    /// Completed (an analysis never changes how training ended), with the error in words when it did not finish.
    /// </summary>
    internal StatusChange End(StatusChange ending)
    {
        var error = ending.Status == RunStatus.Completed
            ? ending.Error
            : $"The new analysis '{Label}' did not finish ({ending.Error ?? ending.Status.ToString().ToLowerInvariant()}); the run's earlier results stand.";
        Status = error is null ? AnalysisStatus.Completed : AnalysisStatus.Failed;
        Error = error;
        EndedAt = DateTime.UtcNow;
        return ending with { Status = RunStatus.Completed, Phase = null, Error = error };
    }
}
