using System.Text.Json.Nodes;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Comparison;

/// <summary>One setting of the compared runs' specs: its JSON path and each run's value ("—" where a run has none).</summary>
public sealed record ConfigRow(string Path, IReadOnlyList<string> Values)
{
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Count() > 1;
}

/// <summary>The compared runs' specs side by side, one row per setting (the run's name is not a setting).</summary>
public static class ConfigDiff
{
    public const string Missing = "—";

    public static IReadOnlyList<ConfigRow> Rows(IReadOnlyList<ExperimentSpec> specs, bool onlyDifferences)
    {
        var flat = specs.Select(Flatten).ToList();
        var paths = flat.SelectMany(f => f.Keys).Distinct().Where(p => p != "name").ToList();
        var rows = paths.Select(p => new ConfigRow(p, flat.Select(f => f.GetValueOrDefault(p) ?? Missing).ToList()));
        return (onlyDifferences ? rows.Where(r => r.Differs) : rows).ToList();
    }

    /// <summary>"model.hiddenWidths" → "[10,5]": objects are walked, arrays and values are written as JSON.</summary>
    public static Dictionary<string, string> Flatten(ExperimentSpec spec)
    {
        var flat = new Dictionary<string, string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
                foreach (var (key, child) in obj) Walk(child, path.Length == 0 ? key : $"{path}.{key}");
            else if (node is not null)
                flat[path] = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        }
        Walk(JsonNode.Parse(SpecJson.Serialize(spec)), "");
        return flat;
    }
}
