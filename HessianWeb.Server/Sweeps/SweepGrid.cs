using HessianWeb.Shared;
using System.Text.Json;
using System.Text.Json.Nodes;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Sweeps;

/// <summary>A sweep's runs, or what is wrong with it: keys name the sweep's field (<c>axes[1].values[2]</c>), messages the spec field.</summary>
public sealed record SweepExpansion(IReadOnlyList<SweepPoint> Points, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Expands a sweep into its grid of specs. Each value is set on the JSON of the base spec (every field written),
/// read back with <see cref="JsonFormat"/> and checked with <see cref="SpecValidator"/>: first the base alone, then
/// each axis value alone on the base (so an error names the axis and value that caused it), then every grid point
/// (values that are only wrong together, e.g. a batch larger than a swept training size).
/// </summary>
public static class SweepGrid
{
    /// <summary>The most runs one sweep may create: the local worker runs them one at a time.</summary>
    public const int MaxRuns = 500;
    /// <summary>Grid points whose errors are listed; past these the first ones say enough.</summary>
    const int MaxGridErrors = 10;

    public static SweepExpansion Expand(SweepSpec? sweep)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            if (!list.Contains(message)) list.Add(message);
        }
        SweepExpansion Refuse() => new([], errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        if (sweep is null)
        {
            Fail("sweep", "The request body must be a sweep: { \"base\": {spec}, \"axes\": [ { \"path\": …, \"values\": […] } ] }.");
            return Refuse();
        }
        if (string.IsNullOrWhiteSpace(sweep.Name)) Fail("name", "Give the sweep a name.");
        else if (sweep.Name.Length > 150) Fail("name", "The sweep's name must be at most 150 characters.");
        if (sweep.Preset is { } preset && !SweepPresets.All.Contains(preset))
            Fail("preset", $"Unknown preset '{preset}'; the presets are {string.Join(", ", SweepPresets.All)}, or leave it out.");

        if (Unreadable(sweep.Base, "base") is { } unreadable)
        {
            Fail(unreadable.Path, unreadable.Message);
            return Refuse();
        }
        var baseJson = (JsonObject?)sweep.Base?.DeepClone() ?? [];
        var baseSpec = Read(baseJson, out var baseError);
        if (baseSpec is null)
        {
            Fail($"base.{baseError!.Value.Field}", baseError.Value.Message);
            return Refuse();
        }
        foreach (var (field, messages) in SpecValidator.Validate(baseSpec))
            foreach (var message in messages) Fail($"base.{field}", message);
        // Every field written, so that a path to a list entry finds the list even where the base left it out.
        var full = JsonSerializer.SerializeToNode(baseSpec, JsonFormat.Options)!.AsObject();

        var axes = CheckAxes(sweep.Axes, Fail);
        if (errors.Count > 0) return Refuse();

        for (var i = 0; i < axes.Count; i++)
            for (var j = 0; j < sweep.Axes[i].Values.Count; j++)
            {
                var value = sweep.Axes[i].Values[j];
                Apply(full, [(axes[i], value)], name: null, out var problems);
                foreach (var message in problems)
                    Fail($"axes[{i}].values[{j}]", $"{axes[i].Text} = {value?.ToJsonString() ?? "null"}: {message}");
            }
        if (errors.Count > 0) return Refuse();

        var points = new List<SweepPoint>();
        var failedPoints = 0;
        foreach (var choice in Product(sweep.Axes.Select(a => a.Values.Count).ToList()))
        {
            var values = choice.Select((j, i) => new AxisValue(axes[i].Text, sweep.Axes[i].Values[j])).ToList();
            var name = values.Any(v => v.Path == "name") ? null : RunName(sweep.Name, values);
            var spec = Apply(full, axes.Zip(values, (p, v) => (p, v.Value)), name, out var problems);
            if (problems.Count > 0)
            {
                if (++failedPoints <= MaxGridErrors)
                    foreach (var message in problems) Fail($"grid[{points.Count + failedPoints - 1}]", $"{SweepPoint.Describe(values)}: {message}");
                continue;
            }
            points.Add(new SweepPoint(points.Count, values, spec!));
        }
        if (failedPoints > MaxGridErrors) Fail("axes", $"{failedPoints} grid points are invalid; the first {MaxGridErrors} are listed.");
        return errors.Count > 0 ? Refuse() : new SweepExpansion(points, new Dictionary<string, string[]>());
    }

    /// <summary>The run's name: the sweep's and where in the grid it sits, cut to the spec's 200 characters.</summary>
    public static string RunName(string sweepName, IEnumerable<AxisValue> values)
    {
        var name = $"{sweepName.Trim()} · {SweepPoint.Describe(values)}";
        return name.Length <= 200 ? name : name[..199] + "…";
    }

    static List<SpecPath> CheckAxes(IReadOnlyList<SweepAxis>? axes, Action<string, string> fail)
    {
        var paths = new List<SpecPath>();
        if (axes is null || axes.Count == 0)
        {
            fail("axes", "Give at least one axis: { \"path\": \"data.classes\", \"values\": [2, 3, 4] }.");
            return paths;
        }
        long runs = 1;
        for (var i = 0; i < axes.Count; i++)
        {
            if (axes[i] is not { } axis) { fail($"axes[{i}]", "An axis needs a path and values."); continue; }
            var path = SpecPath.Parse(axis.Path, out var error);
            if (error is not null) fail($"axes[{i}].path", error);
            else if (paths.Any(p => p.Text == path.Text)) fail($"axes[{i}].path", $"'{path.Text}' is already an axis; give each field one axis.");
            paths.Add(path);
            if (axis.Values is null || axis.Values.Count == 0) fail($"axes[{i}].values", "Give the axis at least one value.");
            else if (axis.Values.Select((v, j) => Unreadable(v, $"axes[{i}].values[{j}]")).FirstOrDefault(u => u is not null) is { } unreadable)
                fail(unreadable.Path, unreadable.Message);
            else if (axis.Values.Select(v => v?.ToJsonString()).Distinct().Count() != axis.Values.Count)
                fail($"axes[{i}].values", "List each value once (repeats of an experiment are a seed axis).");
            runs *= Math.Max(1, axis.Values?.Count ?? 1);
            if (runs > MaxRuns) { fail("axes", $"The grid has more than {MaxRuns} points; a sweep creates at most {MaxRuns} runs."); break; }
        }
        return paths;
    }

    /// <summary>The spec with these values set on the base (and this name, if given), or null and what is wrong with it.</summary>
    static ExperimentSpec? Apply(JsonObject full, IEnumerable<(SpecPath Path, JsonNode? Value)> settings, string? name, out List<string> problems)
    {
        var json = (JsonObject)full.DeepClone();
        foreach (var (path, value) in settings)
            if (path.SetIn(json, value) is { } error)
            {
                problems = [error];
                return null;
            }
        if (name is not null) json["name"] = name;
        var spec = Read(json, out var readError);
        problems = spec is null ? [$"{readError!.Value.Field}: {readError.Value.Message}"] : Messages(SpecValidator.Validate(spec));
        return problems.Count == 0 ? spec : null;
    }

    static List<string> Messages(IReadOnlyDictionary<string, string[]> errors) =>
        errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToList();

    static ExperimentSpec? Read(JsonObject json, out (string Field, string Message)? error)
    {
        error = null;
        try
        {
            var spec = json.Deserialize<ExperimentSpec>(JsonFormat.Options);
            if (spec is null) error = ("spec", "The base must be an experiment spec.");
            return spec;
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "spec" : ex.Path.TrimStart('$', '.');
            error = (field, ex.Message.Split(" Path:", 2)[0].Trim());
            return null;
        }
    }

    /// <summary>
    /// Where the JSON cannot be read back, and why, or null: text that is no valid UTF-16 (a lone surrogate escaped as
    /// <c>\ud800</c>) or an object with a key twice. The reader takes both into a <see cref="JsonNode"/> and the node throws
    /// only when it is enumerated or written out, as the grid does to read specs back; so they are found here first and named
    /// (a bad key names the object holding it).
    /// </summary>
    static (string Path, string Message)? Unreadable(JsonNode? node, string path)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o)
                        if (Unreadable(child, $"{path}.{name}") is { } inside) return inside;
                    return null;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                        if (Unreadable(a[i], $"{path}[{i}]") is { } inside) return inside;
                    return null;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    v.GetValue<string>();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return (path, "This text is not valid Unicode: a lone surrogate such as \\ud800. Write the character itself or its surrogate pair.");
        }
        catch (ArgumentException)
        {
            return (path, "A key is given twice in this object; give each key once.");
        }
    }

    /// <summary>Every choice of one index per axis, the first axis outermost (row-major).</summary>
    static IEnumerable<int[]> Product(IReadOnlyList<int> counts)
    {
        var choice = new int[counts.Count];
        while (true)
        {
            yield return (int[])choice.Clone();
            var axis = counts.Count - 1;
            while (axis >= 0 && ++choice[axis] == counts[axis]) choice[axis--] = 0;
            if (axis < 0) yield break;
        }
    }
}
