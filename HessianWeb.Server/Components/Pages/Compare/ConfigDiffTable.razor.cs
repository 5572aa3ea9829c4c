using HessianWeb.Server.Comparison;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Compare;

public sealed partial class ConfigDiffTable
{
    [Parameter, EditorRequired] public IReadOnlyList<ComparedRun> Runs { get; set; } = [];

    /// <summary>Every setting, not only those that differ.</summary>
    [Parameter] public bool All { get; set; }
    [Parameter] public EventCallback<bool> AllChanged { get; set; }

    IReadOnlyList<ConfigRow> rows = [];
    IReadOnlyList<ComparedRun>? built;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(built, Runs)) return;
        built = Runs;
        rows = ConfigDiff.Rows(Runs.Select(r => r.Summary.Spec).ToList());
    }

    IReadOnlyList<ConfigRow> Shown => All ? rows : rows.Where(r => r.Differs).ToList();

    string Caption
    {
        get
        {
            var differing = rows.Count(r => r.Differs);
            if (Runs.Count < 2) return $"{rows.Count} settings; compare two or more runs to see what differs.";
            if (differing == 0) return $"The runs' specs agree in all {rows.Count} settings.";
            return All
                ? $"All {rows.Count} settings; the {differing} that differ are highlighted. A dash: the spec leaves it unset."
                : $"{differing} of {rows.Count} settings differ. A dash: the spec leaves it unset.";
        }
    }
}
