using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>The spec the form describes now, what is wrong with it, and whether its shape (hence M) is known.</summary>
public sealed record SpecDraft(ExperimentSpec Spec, IReadOnlyDictionary<string, string[]> Errors, bool ShapeKnown)
{
    public bool IsValid => Errors.Count == 0;

    public string? Message(string key) => Errors.TryGetValue(key, out var m) ? string.Join(" ", m) : null;

    /// <summary>Errors no field shows (e.g. a setting the form does not expose), so none goes unsaid.</summary>
    public IEnumerable<string> Unplaced => Errors.Where(e => !SpecForm.Shown.Contains(e.Key)).SelectMany(e => e.Value);
}
