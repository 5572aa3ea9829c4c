using HessianWeb.Shared;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Sweeps;

/// <summary>
/// A path to one field of the experiment spec in its camelCase JSON: dot-separated property names, each
/// optionally followed by one list index (<c>model.hiddenWidths[0]</c>). Paths are checked against the
/// spec's own JSON contract (<see cref="JsonFormat"/>), so a misspelt field is refused before any run exists.
/// </summary>
public sealed partial class SpecPath
{
    SpecPath(string text, IReadOnlyList<Segment> segments) { Text = text; Segments = segments; }

    public string Text { get; }
    IReadOnlyList<Segment> Segments { get; }

    /// <summary>A property name and, after it, a list index or none.</summary>
    readonly record struct Segment(string Name, int? Index);

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9]*)(\[(?<index>[0-9]{1,6})\])?$")]
    private static partial Regex SegmentPattern();

    /// <summary>The path, or why it names no field of the spec.</summary>
    public static SpecPath Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Give the field to vary, e.g. data.classes or model.hiddenWidths[0].";
            return new SpecPath("", []);
        }
        var segments = new List<Segment>();
        var type = JsonFormat.Options.GetTypeInfo(typeof(ExperimentSpec));
        var walked = "";
        foreach (var part in text.Split('.'))
        {
            var match = SegmentPattern().Match(part);
            if (!match.Success)
            {
                error = $"'{text}' is not a field path: write property names joined by dots, with an optional index, e.g. model.hiddenWidths[0].";
                return new SpecPath(text, []);
            }
            var name = match.Groups["name"].Value;
            int? index = match.Groups["index"].Success ? int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            if (type is null || type.Kind != JsonTypeInfoKind.Object)
            {
                error = $"'{walked}' is a value, not a group of settings: it has no field '{name}'.";
                return new SpecPath(text, []);
            }
            // Exact (camelCase) names only: the path is also a key in the API's answers and the store.
            var property = type.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                var known = string.Join(", ", type.Properties.Select(p => p.Name));
                error = $"The spec has no field '{Join(walked, name)}'. {(walked.Length == 0 ? "Top-level" : $"'{walked}' has")} fields: {known}.";
                return new SpecPath(text, []);
            }
            walked = Join(walked, name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            type = JsonFormat.Options.GetTypeInfo(propertyType);
            if (index is not null)
            {
                if (type.Kind != JsonTypeInfoKind.Enumerable || type.ElementType is null)
                {
                    error = $"'{walked}' is not a list, so it takes no index.";
                    return new SpecPath(text, []);
                }
                walked += $"[{index}]";
                type = JsonFormat.Options.GetTypeInfo(Nullable.GetUnderlyingType(type.ElementType) ?? type.ElementType);
            }
            segments.Add(new Segment(name, index));
        }
        if (type.Kind == JsonTypeInfoKind.Object)
            error = $"'{text}' is a group of settings; vary one of its fields ({string.Join(", ", type.Properties.Select(p => Join(text, p.Name)))}).";
        return new SpecPath(text, segments);
    }

    /// <summary>
    /// Sets this field to <paramref name="value"/> in <paramref name="spec"/>, a spec's JSON with every field written
    /// (see <see cref="SweepGrid"/>); returns why it cannot, e.g. an index past the end of the list.
    /// </summary>
    public string? SetIn(JsonObject spec, JsonNode? value)
    {
        JsonNode parent = spec;
        var walked = "";
        for (var i = 0; i < Segments.Count; i++)
        {
            var (name, index) = Segments[i];
            var last = i == Segments.Count - 1;
            var obj = (JsonObject)parent;
            walked = Join(walked, name);
            if (index is null && last)
            {
                obj[name] = value?.DeepClone();
                return null;
            }
            var child = obj[name];
            if (index is { } at)
            {
                if (child is not JsonArray list)
                    return $"'{walked}' is empty, so it has no entry [{at}]; vary the whole list instead ({walked}).";
                if (at >= list.Count)
                    return $"'{walked}' has {list.Count} entries, so it has no entry [{at}]; vary the whole list instead ({walked}).";
                if (last)
                {
                    list[at] = value?.DeepClone();
                    return null;
                }
                child = list[at];
                walked += $"[{at}]";
            }
            if (child is null)
            {
                // An absent group (none today: every group has a default) is created empty, its fields defaulted.
                child = new JsonObject();
                obj[name] = child;
            }
            parent = child;
        }
        return null;
    }

    /// <summary>Whether a field path is a seed, i.e. an axis of repeats (<c>training.seed</c>, <c>model.seed</c>, …).</summary>
    public static bool IsSeed(string path) => path == "seed" || path.EndsWith(".seed", StringComparison.Ordinal);

    /// <summary>The last segment: <c>hiddenWidths[0]</c> for <c>model.hiddenWidths[0]</c>.</summary>
    public static string ShortName(string path) => path[(path.LastIndexOf('.') + 1)..];

    static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
