namespace HessianWeb.Server.Runs.Analyses;

public enum AnalysisRequestOutcome
{
    /// <summary>Accepted and queued; <see cref="AnalysisRequestResult.Analysis"/> has its id and label.</summary>
    Queued,
    RunNotFound,
    /// <summary>The run cannot be analysed again now (not completed, or it saved no weights).</summary>
    Conflict,
    /// <summary>The request names a checkpoint without weights or an invalid analysis: see <see cref="AnalysisRequestResult.Errors"/>.</summary>
    Invalid,
}

/// <summary>The answer to a request for a new analysis: the queued analysis, or why not in words (and per field).</summary>
public sealed record AnalysisRequestResult(
    AnalysisRequestOutcome Outcome,
    AnalysisSummary? Analysis = null,
    string? Problem = null,
    IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Accepted => Outcome == AnalysisRequestOutcome.Queued;

    /// <summary>
    /// The HTTP answer for run <paramref name="runId"/>: 202 with the queued analysis's address, 404, 409 under
    /// <paramref name="conflictTitle"/>, or 400 naming the fields.
    /// </summary>
    public IResult ToHttpResult(Guid runId, string conflictTitle) => Outcome switch
    {
        AnalysisRequestOutcome.Queued => Results.Accepted($"/api/runs/{runId}/analyses/{Analysis!.Id}",
            new { analysisId = Analysis.Id, label = Analysis.Label }),
        AnalysisRequestOutcome.RunNotFound => RunsApi.NotFound(runId),
        AnalysisRequestOutcome.Conflict => Results.Problem(Problem, statusCode: StatusCodes.Status409Conflict, title: conflictTitle),
        _ => Results.ValidationProblem(Errors!, title: Problem),
    };
}
