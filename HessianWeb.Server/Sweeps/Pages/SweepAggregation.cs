using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Server.Sweeps.Pages;

/// <summary>A quantity at one x: its mean over the repeats there and a band of ± one sample standard deviation.</summary>
/// <param name="Count">The repeats that had the quantity (a run still going has none yet).</param>
public sealed record AggregatePoint(double X, double Mean, double StandardDeviation, int Count)
{
    public double Low => Mean - StandardDeviation;
    public double High => Mean + StandardDeviation;
}

/// <summary>One line of an aggregated chart: the runs that share the values of the other non-repeat axes (none: one line).</summary>
public sealed record AggregateSeries(string Name, IReadOnlyList<AggregatePoint> Points);

/// <summary>
/// How a sweep's runs become charts: along the swept axis (the first axis that is not a seed), averaged over the
/// repeats (seed axes, <see cref="SweepAxis.IsRepeat"/>), one line per combination of any further swept axes.
/// An axis of numbers is plotted at its values; any other (lists, names) at positions 0, 1, … labelled by value.
/// </summary>
public sealed class SweepAggregation(SweepSummary sweep)
{
    public SweepSummary Sweep => sweep;

    /// <summary>The axis along x, or null when every axis is a repeat.</summary>
    public SweepAxis? XAxis { get; } = sweep.Axes.FirstOrDefault(a => !a.IsRepeat);

    /// <summary>Swept axes after the first: each combination of their values is its own line.</summary>
    public IReadOnlyList<SweepAxis> LineAxes { get; } = sweep.Axes.Where(a => !a.IsRepeat).Skip(1).ToList();

    /// <summary>Whether x is the axis's values themselves (all numbers) rather than their positions.</summary>
    public bool NumericX { get; } = sweep.Axes.FirstOrDefault(a => !a.IsRepeat) is not { } axis || axis.Values.All(v => AsNumber(v) is not null);

    /// <summary>For a non-numeric axis: the label of each position.</summary>
    public IReadOnlyList<string>? XLabels => NumericX ? null : XAxis!.Values.Select(v => v?.ToJsonString() ?? "null").ToList();

    /// <summary>Where a run sits along x; 0 for all when no axis is swept.</summary>
    public double X(SweepRun run)
    {
        if (XAxis is null) return 0;
        var value = run.Axes[XAxis.Path];
        if (NumericX) return AsNumber(value) ?? double.NaN;
        var text = value?.ToJsonString() ?? "null";
        for (var i = 0; i < XAxis.Values.Count; i++)
            if ((XAxis.Values[i]?.ToJsonString() ?? "null") == text) return i;
        return double.NaN;
    }

    /// <summary>
    /// <paramref name="quantity"/> of every run that has it, averaged per x and line; x is the run's place on the swept
    /// axis unless <paramref name="x"/> says otherwise (e.g. its parameter count).
    /// </summary>
    public IReadOnlyList<AggregateSeries> Aggregate(Func<SweepRun, double?> quantity, Func<SweepRun, double?>? x = null) =>
        sweep.Runs
            .GroupBy(LineName)
            .Select(line => new AggregateSeries(line.Key, line
                .Select(r => (X: x is null ? X(r) : x(r) ?? double.NaN, Y: quantity(r)))
                .Where(p => double.IsFinite(p.X) && p.Y is { } y && double.IsFinite(y))
                .GroupBy(p => p.X)
                .OrderBy(g => g.Key)
                .Select(g => Summarise(g.Key, g.Select(p => p.Y!.Value).ToList()))
                .ToList()))
            .Where(s => s.Points.Count > 0)
            .ToList();

    /// <summary>The mean and the sample standard deviation (n − 1; 0 for a single value) of <paramref name="values"/>.</summary>
    public static AggregatePoint Summarise(double x, IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var sd = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new AggregatePoint(x, mean, sd, values.Count);
    }

    /// <summary>"" with one line; else "width = 20, lr = 0.1" from the further swept axes.</summary>
    public string LineName(SweepRun run) =>
        SweepPoint.Describe(LineAxes.Select(a => new AxisValue(a.Path, run.Axes[a.Path])));

    /// <summary>A JSON number as a double, whatever it was built from (parsed text or a CLR value).</summary>
    public static double? AsNumber(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : null;
}
