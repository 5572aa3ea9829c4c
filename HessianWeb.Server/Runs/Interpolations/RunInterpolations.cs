using HessianWeb.Shared;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs.Interpolations;

/// <summary>
/// Loss interpolations between saved checkpoints of finished runs, for the API and the run page: checks the request and
/// queues it as a new analysis of the run (the worker rebuilds the run's data and model and is sent both ends' weights).
/// </summary>
public sealed class RunInterpolations(RunResults results, AnalysisQueue analyses, RunScheduler scheduler)
{
    /// <summary>The run's lines in the order they began, each line's points in α order (one per index, the latest kept).</summary>
    public async Task<IReadOnlyList<InterpolationCurve>> GetInterpolationsAsync(Guid id, CancellationToken ct = default) =>
        Curves(await results.PayloadsAsync(id, RunEventKind.Interpolation, e => e.Interpolation, ct));

    /// <summary>Interpolation points as lines: see <see cref="GetInterpolationsAsync"/> (also for a sweep's runs read together).</summary>
    public static IReadOnlyList<InterpolationCurve> Curves(IEnumerable<InterpolationPoint> points) =>
        points.GroupBy(p => p.Label)
            .Select(g => new InterpolationCurve(g.Key, g.GroupBy(p => p.Index).Select(i => i.Last()).OrderBy(p => p.Index).ToList()))
            .ToList();

    /// <summary>
    /// Queues the line between the two ends. Refused when the run does not exist, has not completed (or is not analysing an
    /// earlier request), an end names a run that does not exist or a checkpoint without saved weights, the other run has
    /// different data or a different model (<see cref="SameArchitecture"/>), or the α grid is invalid; errors are keyed
    /// by the request's fields (<c>from.checkpoint</c>, <c>to.run</c>, <c>points</c>).
    /// </summary>
    public async Task<AnalysisRequestResult> RequestAsync(Guid runId, InterpolationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await results.GetAsync(runId, ct);
        if (run is null) return new(AnalysisRequestOutcome.RunNotFound, Problem: $"There is no run {runId}.");
        if (!await analyses.TakesAnalysesAsync(run, ct))
            return new(AnalysisRequestOutcome.Conflict,
                Problem: $"Only a completed run can be interpolated; this run is {run.Status.ToString().ToLowerInvariant()}.");

        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        var line = new InterpolationSpec
        {
            Points = request.Points, AlphaMin = request.AlphaMin, AlphaMax = request.AlphaMax, TopEigenvalue = request.TopEigenvalue,
        };
        SpecValidator.ValidateLine(line, "", Fail);
        var from = await CheckEndAsync(run, request.From ?? new InterpolationEnd(null, Checkpoints.Init), "from", Fail, ct);
        var to = await CheckEndAsync(run, request.To ?? new InterpolationEnd(null, Checkpoints.End), "to", Fail, ct);
        if (from is not null && to is not null && from.Value.RunId == to.Value.RunId && from.Value.Checkpoint == to.Value.Checkpoint)
            Fail("to.checkpoint", "The two ends are the same checkpoint; the line would be a single point.");
        if (errors.Count > 0)
            return new(AnalysisRequestOutcome.Invalid, Problem: "The interpolation request has invalid values.",
                Errors: errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        line = line with { From = from!.Value.Name, To = to!.Value.Name };
        var queued = await QueueAsync(runId, line, (from.Value.RunId, from.Value.Checkpoint), (to.Value.RunId, to.Value.Checkpoint), run.Spec.Analysis, ct);
        await scheduler.PumpAsync(ct);
        return new(AnalysisRequestOutcome.Queued, queued);
    }

    /// <summary>
    /// Queues the line as an analysis of <paramref name="runId"/> labelled "from→to", or "from→to·N" (N from 2) when the run
    /// has that label already, among its analyses or its spec's interpolations.
    /// </summary>
    async Task<AnalysisSummary> QueueAsync(
        Guid runId, InterpolationSpec line, (Guid Run, string Checkpoint) from, (Guid Run, string Checkpoint) to, AnalysisSpec analysis,
        CancellationToken ct)
    {
        var drawn = (await GetInterpolationsAsync(runId, ct)).Select(c => c.Label).ToHashSet();
        return await analyses.QueueAsync(runId, from.Checkpoint, analysis, AnalysisQueue.Numbered(line.Label, bareFirst: true), drawn,
            (db, record) => db.Interpolations.Add(new InterpolationRecord
            {
                Id = record.Id,
                RunId = runId,
                FromRunId = from.Run,
                FromCheckpoint = from.Checkpoint,
                ToRunId = to.Run,
                ToCheckpoint = to.Checkpoint,
                LineJson = JsonFormat.Serialize(line),
            }), ct);
    }

    /// <summary>The end's run and checkpoint and how the label names it (a checkpoint of another run with that run's short id).</summary>
    async Task<(Guid RunId, string Checkpoint, string Name)?> CheckEndAsync(
        RunSummary run, InterpolationEnd end, string field, Action<string, string> fail, CancellationToken ct)
    {
        var owner = run;
        if (end.Run is { } otherId && otherId != run.Id)
        {
            if (await results.GetAsync(otherId, ct) is not { } other)
            {
                fail($"{field}.run", $"There is no run {otherId}.");
                return null;
            }
            var differences = SameArchitecture.Differences(run.Spec, other.Spec);
            if (differences.Count > 0)
            {
                fail($"{field}.run", $"Run {otherId} has other data or another model than this run, so its weights cannot be evaluated on this run's: {string.Join("; ", differences)}.");
                return null;
            }
            owner = other;
        }
        var saved = (await results.GetCheckpointsAsync(owner.Id, ct)).Select(a => a.Checkpoint).Distinct().ToList();
        if (string.IsNullOrWhiteSpace(end.Checkpoint) || !saved.Contains(end.Checkpoint))
        {
            var which = owner.Id == run.Id ? "this run" : $"run {owner.Id}";
            fail($"{field}.checkpoint", saved.Count == 0
                ? $"{Capitalised(which)} saved no weights."
                : string.IsNullOrWhiteSpace(end.Checkpoint)
                    ? $"Name a checkpoint of {which}: {string.Join(", ", saved)}."
                    : $"Checkpoint '{end.Checkpoint}' has no saved weights; {which} saved weights at: {string.Join(", ", saved)}.");
            return null;
        }
        var name = owner.Id == run.Id ? end.Checkpoint : $"{owner.Id.ToString("N")[..8]}/{end.Checkpoint}";
        return (owner.Id, end.Checkpoint, name);
    }

    static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
