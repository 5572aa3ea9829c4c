using HessianWeb.Shared;
using System.Text.Json;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Comparison;

/// <summary>One setting of the compared specs: its JSON path and each run's value ("—" where a run's spec lacks it).</summary>
public sealed record ConfigRow(string Path, IReadOnlyList<string> Values)
{
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}

/// <summary>
/// The specs side by side, as the API writes them (camelCase JSON): each flattened to paths such as
/// <c>training.learningRate</c> or <c>model.hiddenWidths</c>, one row per path any of them has.
/// </summary>
public static class ConfigDiff
{
    /// <summary>What a run whose spec lacks the path shows (a field that is null, e.g. full-batch <c>training.batchSize</c>).</summary>
    public const string Missing = "—";

    /// <summary>Rows in the order of the first spec's fields, then paths only later specs have.</summary>
    public static IReadOnlyList<ConfigRow> Rows(IReadOnlyList<ExperimentSpec> specs)
    {
        var flattened = specs.Select(Flatten).ToList();
        var paths = flattened.SelectMany(f => f.Keys).Distinct().ToList();
        return paths.Select(path => new ConfigRow(path, flattened.Select(f => f.GetValueOrDefault(path, Missing)).ToList())).ToList();
    }

    /// <summary>
    /// Path → value as JSON text for strings, numbers and booleans; an array of scalars is one value (<c>[10,5]</c>),
    /// so a changed list of widths is one row, not one row per layer.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Flatten(ExperimentSpec spec)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonSerializer.SerializeToElement(spec, JsonFormat.Options), "", values);
        return values;
    }

    static void Walk(JsonElement element, string path, Dictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", values);
                break;
            case JsonValueKind.Array when element.EnumerateArray().Any(e => e.ValueKind is JsonValueKind.Object or JsonValueKind.Array):
                var i = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{i++}]", values);
                break;
            case JsonValueKind.String:
                values[path] = element.GetString()!;
                break;
            case JsonValueKind.Null:
                break;
            default:
                values[path] = element.GetRawText();
                break;
        }
    }
}
