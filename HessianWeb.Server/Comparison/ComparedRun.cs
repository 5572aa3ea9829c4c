using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Comparison;

/// <summary>One run of a comparison: its place in the URL (which gives its colour and letter) and its events folded.</summary>
public sealed record ComparedRun(int Position, RunSummary Summary, RunProgress Progress)
{
    public Guid Id => Summary.Id;
    public string Color => RunColors.For(Position);
    public string Letter => RunColors.Letter(Position);

    /// <summary>"A · quickstart": runs often share a name, their letters tell them apart.</summary>
    public string Label => $"{Letter} · {Shorten(Summary.Name, 28)}";

    static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

/// <summary>The runs a comparison found, in URL order, and the ids it did not find.</summary>
public sealed record RunComparison(IReadOnlyList<ComparedRun> Runs, IReadOnlyList<Guid> Unknown)
{
    /// <summary>Every checkpoint some run analysed, in training order.</summary>
    public IReadOnlyList<string> AnalysedCheckpoints => CheckpointOrder.Sort(Runs.SelectMany(r => r.Progress.AnalysedCheckpoints));

    /// <summary>The checkpoint asked for if some run has it; else "end" if some run has it; else the latest.</summary>
    public string? CheckpointFor(string? asked) =>
        asked is not null && AnalysedCheckpoints.Contains(asked) ? asked
        : AnalysedCheckpoints.Contains(Checkpoints.End) ? Checkpoints.End
        : AnalysedCheckpoints.LastOrDefault();
}

/// <summary>Reads the compared runs from the store: each run's stored events, folded as its run page folds them.</summary>
public sealed class ComparisonLoader(RunResults results)
{
    public async Task<RunComparison> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken ct = default)
    {
        var runs = new List<ComparedRun>();
        var unknown = new List<Guid>();
        for (var position = 0; position < ids.Count; position++)
        {
            var summary = await results.GetAsync(ids[position], ct);
            if (summary is null)
            {
                unknown.Add(ids[position]);
                continue;
            }
            var progress = new RunProgress();
            foreach (var e in await results.GetEventsAsync(summary.Id, ct: ct)) progress.Apply(e);
            // The position in the URL, not among the runs found: a colour stays with its run when another id is mistyped.
            runs.Add(new ComparedRun(position, summary, progress));
        }
        return new RunComparison(runs, unknown);
    }
}
