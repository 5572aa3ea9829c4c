using System.Text.Json.Nodes;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Sweeps;

/// <summary>One axis's value at a grid point.</summary>
public sealed record AxisValue(string Path, JsonNode? Value)
{
    /// <summary>The value as JSON text: <c>3</c>, <c>"tanh"</c>, <c>[10,5]</c>, <c>null</c>.</summary>
    public string Text => Value?.ToJsonString() ?? "null";
}

/// <summary>One run of a sweep: its place in the grid (row-major, first axis outermost), its axis values and its spec.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<AxisValue> Values, ExperimentSpec Spec)
{
    /// <summary>"classes = 3, hiddenWidths[0] = 20, seed = 1": each axis by its last path segment.</summary>
    public static string Describe(IEnumerable<AxisValue> values) =>
        string.Join(", ", values.Select(v => $"{SpecPath.ShortName(v.Path)} = {v.Text}"));

    /// <summary>The axis values as one JSON object keyed by path, as the store keeps them.</summary>
    public static JsonObject ToJson(IEnumerable<AxisValue> values)
    {
        var json = new JsonObject();
        foreach (var v in values) json[v.Path] = v.Value?.DeepClone();
        return json;
    }
}
