using HessianWeb.Server.Sweeps;

namespace HessianWeb.Server.Sweeps.Pages;

/// <summary>A sweep described in words for its page.</summary>
public static class SweepWords
{
    /// <summary>"27 runs: data.classes over 2, 3, 4; repeated over model.seed 0, 1, 2."</summary>
    public static string Describe(SweepSummary sweep)
    {
        static string Values(SweepAxis a) => string.Join(", ", a.Values.Select(v => v?.ToJsonString() ?? "null"));
        var swept = sweep.Axes.Where(a => !a.IsRepeat).Select(a => $"{a.Path} over {Values(a)}").ToList();
        var repeats = sweep.Axes.Where(a => a.IsRepeat).Select(a => $"{a.Path} {Values(a)}").ToList();
        var parts = new List<string>();
        if (swept.Count > 0) parts.Add(string.Join("; ", swept));
        if (repeats.Count > 0) parts.Add("repeated over " + string.Join(" and ", repeats) + " (charts show the mean ± one standard deviation)");
        return $"{sweep.Runs.Count} {(sweep.Runs.Count == 1 ? "run" : "runs")}: {string.Join("; ", parts)}.";
    }
}
