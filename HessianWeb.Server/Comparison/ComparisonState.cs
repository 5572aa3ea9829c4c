using System.Globalization;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Comparison;

/// <summary>Which config rows the diff table lists.</summary>
public enum ConfigRows { Differences, All }

/// <summary>
/// Everything a comparison shows, as the query string of <c>/compare</c> holds it, so that a pasted link
/// reproduces the view: <c>runs=a,b,c&amp;smoothing=0.6&amp;logLoss=true&amp;logEigenvalues=false&amp;logDensity=true&amp;checkpoint=end&amp;operator=hessian&amp;config=differences</c>.
/// </summary>
/// <remarks>
/// Only <c>runs</c> is needed (<c>/compare?runs=a,b,c</c> is the link the runs list makes); every other key has
/// a default. <see cref="Checkpoint"/> null means "the latest checkpoint the runs share" and is pinned in the URL
/// once the runs are loaded. Share tokens (a later issue) would be one more key, which leaves these alone.
/// </remarks>
public sealed record ComparisonState
{
    public const double DefaultSmoothing = 0.6;

    public IReadOnlyList<Guid> Runs { get; init; } = [];

    /// <summary>The debiased EMA weight of the training curves (<see cref="DebiasedEma"/>); 0 draws the raw curves only.</summary>
    public double Smoothing { get; init; } = DefaultSmoothing;

    public bool LogLoss { get; init; } = true;
    public bool LogEigenvalues { get; init; }
    public bool LogDensity { get; init; } = true;
    public string? Checkpoint { get; init; }
    public string Operator { get; init; } = CurvatureOperators.Hessian;
    public ConfigRows Config { get; init; } = ConfigRows.Differences;

    public static readonly IReadOnlyList<string> Operators = [CurvatureOperators.Hessian, CurvatureOperators.GaussNewton, CurvatureOperators.Residual];

    // Records compare lists by reference; a state parsed from its own query string should equal it.
    public bool Equals(ComparisonState? other) => other is not null && ToQuery() == other.ToQuery();
    public override int GetHashCode() => ToQuery().GetHashCode(StringComparison.Ordinal);

    /// <summary>The query string, without '?', every key written so the link keeps its view if defaults change.</summary>
    public string ToQuery()
    {
        var keys = new List<string>
        {
            "runs=" + string.Join(",", Runs.Select(r => r.ToString())),
            "smoothing=" + Smoothing.ToString("R", CultureInfo.InvariantCulture),
            "logLoss=" + Bool(LogLoss),
            "logEigenvalues=" + Bool(LogEigenvalues),
            "logDensity=" + Bool(LogDensity),
        };
        if (Checkpoint is not null) keys.Add("checkpoint=" + Uri.EscapeDataString(Checkpoint));
        keys.Add("operator=" + Operator);
        keys.Add("config=" + (Config == ConfigRows.All ? "all" : "differences"));
        return string.Join("&", keys);
    }

    static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// The state a query string asks for, and what was wrong with it, keyed by the query key: a bad value
    /// falls back to its default, so the page still shows what it can. Unknown keys are ignored.
    /// </summary>
    public static (ComparisonState State, IReadOnlyDictionary<string, string> Errors) Parse(IReadOnlyDictionary<string, string?> query)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var state = new ComparisonState();
        string? Value(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var runs = new List<Guid>();
        if (Value("runs") is not { } runList)
            errors["runs"] = "Name the runs to compare: /compare?runs=<id>,<id>,… (the runs list links here with the runs you select).";
        else
        {
            foreach (var text in runList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Guid.TryParse(text, out var id)) errors["runs"] = $"'{text}' is not a run id (a GUID such as {Guid.Empty}).";
                else if (!runs.Contains(id)) runs.Add(id);
            }
            if (runs.Count > RunColors.MaxRuns)
            {
                errors["runs"] = $"At most {RunColors.MaxRuns} runs can be compared, one colour each; the first {RunColors.MaxRuns} of {runs.Count} are shown.";
                runs = runs.Take(RunColors.MaxRuns).ToList();
            }
        }
        state = state with { Runs = runs };

        if (Value("smoothing") is { } smoothing)
        {
            if (double.TryParse(smoothing, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && weight is >= 0 and <= DebiasedEma.MaxWeight)
                state = state with { Smoothing = weight };
            else errors["smoothing"] = $"'{smoothing}' is not a smoothing weight: a number from 0 (none) to {DebiasedEma.MaxWeight}.";
        }
        state = state with
        {
            LogLoss = ParseBool("logLoss", state.LogLoss),
            LogEigenvalues = ParseBool("logEigenvalues", state.LogEigenvalues),
            LogDensity = ParseBool("logDensity", state.LogDensity),
            Checkpoint = Value("checkpoint"),
        };

        if (Value("operator") is { } op)
        {
            if (Operators.Contains(op)) state = state with { Operator = op };
            else errors["operator"] = $"'{op}' is not a curvature operator: {string.Join(", ", Operators)}.";
        }
        if (Value("config") is { } config)
        {
            if (config is "differences" or "all") state = state with { Config = config == "all" ? ConfigRows.All : ConfigRows.Differences };
            else errors["config"] = $"'{config}' is not a choice of config rows: differences or all.";
        }
        return (state, errors);

        bool ParseBool(string key, bool fallback)
        {
            if (Value(key) is not { } text) return fallback;
            if (bool.TryParse(text, out var value)) return value;
            errors[key] = $"'{text}' is not true or false.";
            return fallback;
        }
    }
}
