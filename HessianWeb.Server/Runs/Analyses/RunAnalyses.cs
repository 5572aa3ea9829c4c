using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs.Analyses;

/// <summary>
/// New analyses of a completed run's saved checkpoints, for the API and the run page: checks the request,
/// queues it and lets the scheduler hand it to an idle worker.
/// </summary>
public sealed class RunAnalyses(RunResults results, AnalysisQueue queue, RunScheduler scheduler)
{
    /// <summary>
    /// Queues an analysis of <paramref name="checkpoint"/>'s saved weights as <paramref name="analysis"/> says
    /// (null: the run's own analysis settings). Refused when the run does not exist, has not completed (or is
    /// not analysing an earlier request), saved no weights for the checkpoint, or the analysis fails
    /// <see cref="SpecValidator"/> on the run's spec (errors keyed <c>analysis.…</c>, as in the request body).
    /// </summary>
    public async Task<AnalysisRequestResult> RequestAsync(Guid runId, string? checkpoint, AnalysisSpec? analysis, CancellationToken ct = default)
    {
        var run = await results.GetAsync(runId, ct);
        if (run is null) return new(AnalysisRequestOutcome.RunNotFound, Problem: $"There is no run {runId}.");
        if (!await queue.TakesAnalysesAsync(run, ct))
            return new(AnalysisRequestOutcome.Conflict,
                Problem: $"Only a completed run's checkpoints can be analysed again; this run is {run.Status.ToString().ToLowerInvariant()}.");

        var saved = (await results.GetCheckpointsAsync(runId, ct)).Select(a => a.Checkpoint).Distinct().ToList();
        if (saved.Count == 0)
            return new(AnalysisRequestOutcome.Conflict, Problem: "This run saved no weights, so none of its checkpoints can be analysed again.");
        if (string.IsNullOrWhiteSpace(checkpoint) || !saved.Contains(checkpoint))
            return Invalid("checkpoint", string.IsNullOrWhiteSpace(checkpoint)
                ? $"Name the checkpoint to analyse: {string.Join(", ", saved)}."
                : $"Checkpoint '{checkpoint}' has no saved weights; this run saved weights at: {string.Join(", ", saved)}.");

        var chosen = analysis ?? run.Spec.Analysis;
        var errors = SpecValidator.Validate(run.Spec with { Analysis = chosen });
        if (errors.Count > 0)
            return new(AnalysisRequestOutcome.Invalid, Problem: "The analysis has invalid values.", Errors: errors);

        var queued = await queue.QueueAnalysisAsync(runId, checkpoint, chosen, ct);
        await scheduler.PumpAsync(ct);
        return new(AnalysisRequestOutcome.Queued, queued);
    }

    /// <summary>The run's requested analyses, oldest first.</summary>
    public Task<IReadOnlyList<AnalysisSummary>> ListAsync(Guid runId, CancellationToken ct = default) => queue.GetAnalysesAsync(runId, ct);

    static AnalysisRequestResult Invalid(string field, string message) =>
        new(AnalysisRequestOutcome.Invalid, Problem: "The analysis request has invalid values.", Errors: new Dictionary<string, string[]> { [field] = [message] });
}
