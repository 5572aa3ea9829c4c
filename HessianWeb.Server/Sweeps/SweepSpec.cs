using System.Text.Json.Nodes;

namespace HessianWeb.Server.Sweeps;

/// <summary>
/// A grid of experiments: a base spec and axes, each a spec field (by its JSON path) and the values it takes.
/// The grid is the Cartesian product of the axes, the first axis outermost; every point is one run.
/// </summary>
public sealed record SweepSpec
{
    public string Name { get; init; } = "sweep";
    /// <summary>One of <see cref="SweepPresets"/>: the sweep page adds that experiment's charts and words. Null for a plain sweep.</summary>
    public string? Preset { get; init; }
    /// <summary>The experiment spec every run starts from, as JSON; null or <c>{}</c> is the quickstart.</summary>
    public JsonObject? Base { get; init; }
    public IReadOnlyList<SweepAxis> Axes { get; init; } = [];
}

/// <summary>
/// One axis: <paramref name="Path"/> addresses a field in the spec's camelCase JSON (<c>data.classes</c>,
/// <c>model.hiddenWidths[0]</c>), and each of <paramref name="Values"/> is the JSON that field takes
/// (a number, a string, a list, or null where the field may be empty).
/// </summary>
public sealed record SweepAxis(string Path, IReadOnlyList<JsonNode?> Values)
{
    /// <summary>A seed axis repeats the experiment: the sweep page averages over it instead of plotting along it.</summary>
    public bool IsRepeat => SpecPath.IsSeed(Path);
}
