using HessianWeb.Shared;
using System.Text.Json;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs.Interpolations;

/// <summary>
/// Whether another run's weights can be placed on a line with this run's: the same data (the losses are taken on this
/// run's) and the same model up to how it was initialised (seed, init, initStd), since those only choose the start.
/// </summary>
public static class SameArchitecture
{
    /// <summary>The fields that differ, as "model.hiddenWidths ([10,5] here, [20] there)"; empty when none does.</summary>
    public static IReadOnlyList<string> Differences(ExperimentSpec here, ExperimentSpec there)
    {
        ArgumentNullException.ThrowIfNull(here);
        ArgumentNullException.ThrowIfNull(there);
        static ModelSpec Shape(ModelSpec m) => m with { Seed = 0, Init = InitKind.Normal, InitStd = 0.1 };
        return Compare("data", here.Data, there.Data).Concat(Compare("model", Shape(here.Model), Shape(there.Model))).ToList();
    }

    static IEnumerable<string> Compare<T>(string prefix, T here, T there)
    {
        var a = JsonSerializer.SerializeToElement(here, JsonFormat.Options);
        var b = JsonSerializer.SerializeToElement(there, JsonFormat.Options);
        var names = a.EnumerateObject().Select(p => p.Name).Union(b.EnumerateObject().Select(p => p.Name));
        foreach (var name in names)
        {
            var x = a.TryGetProperty(name, out var px) ? px.GetRawText() : "null";
            var y = b.TryGetProperty(name, out var py) ? py.GetRawText() : "null";
            if (x != y) yield return $"{prefix}.{name} ({x} here, {y} there)";
        }
    }
}
