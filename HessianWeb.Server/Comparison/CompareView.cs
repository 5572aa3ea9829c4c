using System.Globalization;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// Everything a comparison shows, as its address carries it: <c>/compare?runs=a,b,c&amp;smooth=0.6&amp;logLoss=false&amp;…</c>.
/// A pasted link reproduces the view; parameters left out take their defaults.
/// </summary>
public sealed record CompareView
{
    public IReadOnlyList<Guid> Runs { get; init; } = [];
    /// <summary>TensorBoard's smoothing weight in [0, 0.99].</summary>
    public double Smoothing { get; init; } = 0.6;
    public bool LogLoss { get; init; } = true;
    public bool LogSpectrum { get; init; }
    public bool LogDensity { get; init; }
    public string Checkpoint { get; init; } = Checkpoints.End;
    /// <summary>The config table shows every setting, not only those that differ.</summary>
    public bool AllConfig { get; init; }

    public const double MaxSmoothing = 0.99;

    public IReadOnlyDictionary<string, object?> ToParameters()
    {
        var d = new CompareView();
        return new Dictionary<string, object?>
        {
            ["runs"] = Runs.Count == 0 ? null : string.Join(',', Runs),
            ["smooth"] = Smoothing == d.Smoothing ? null : Smoothing.ToString("0.##", CultureInfo.InvariantCulture),
            ["logLoss"] = LogLoss == d.LogLoss ? null : Bool(LogLoss),
            ["logSpectrum"] = LogSpectrum == d.LogSpectrum ? null : Bool(LogSpectrum),
            ["logDensity"] = LogDensity == d.LogDensity ? null : Bool(LogDensity),
            ["checkpoint"] = Checkpoint == d.Checkpoint ? null : Checkpoint,
            ["config"] = AllConfig ? "all" : null,
        };
    }

    /// <summary>Reads what <see cref="ToParameters"/> writes; each bad value is an error under its parameter's name.</summary>
    public static (CompareView View, Dictionary<string, string[]> Errors) Parse(Func<string, string?> parameter)
    {
        var errors = new Dictionary<string, string[]>();
        var view = new CompareView();
        string? Get(string name) => parameter(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        bool? Flag(string name)
        {
            if (Get(name) is not { } text) return null;
            if (bool.TryParse(text, out var b)) return b;
            errors[name] = [$"{name} must be true or false; got '{text}'."];
            return null;
        }

        if (Get("runs") is { } runs)
        {
            var ids = new List<Guid>();
            foreach (var part in runs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (Guid.TryParse(part, out var id)) ids.Add(id);
                else errors["runs"] = [$"'{part}' is not a run id."];
            view = view with { Runs = ids.Distinct().ToList() };
        }
        if (Get("smooth") is { } smooth)
        {
            if (double.TryParse(smooth, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w is >= 0 and <= MaxSmoothing) view = view with { Smoothing = w };
            else errors["smooth"] = [$"smooth must be a number from 0 to {MaxSmoothing}; got '{smooth}'."];
        }
        if (Flag("logLoss") is { } logLoss) view = view with { LogLoss = logLoss };
        if (Flag("logSpectrum") is { } logSpectrum) view = view with { LogSpectrum = logSpectrum };
        if (Flag("logDensity") is { } logDensity) view = view with { LogDensity = logDensity };
        if (Get("checkpoint") is { } checkpoint) view = view with { Checkpoint = checkpoint };
        if (Get("config") is { } config)
        {
            if (config is "all" or "differences") view = view with { AllConfig = config == "all" };
            else errors["config"] = [$"config must be 'all' or 'differences'; got '{config}'."];
        }
        return (view, errors);
    }

    static string Bool(bool b) => b ? "true" : "false";
}
