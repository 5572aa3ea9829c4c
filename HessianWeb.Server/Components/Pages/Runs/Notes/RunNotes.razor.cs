using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Listing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;

namespace HessianWeb.Server.Components.Pages.Runs.Notes;

/// <summary>
/// Edits a run's tags (Enter adds one, a chip's × removes it) and its note; each change is stored at once. Those who may
/// not annotate (AccessPrincipal.CanAnnotate) see them read only, and a change that reaches it anyway is refused.
/// </summary>
public sealed partial class RunNotes
{
    [Inject] RunListing Listing { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    [Parameter, EditorRequired] public Guid RunId { get; set; }
    [Parameter] public IReadOnlyList<string> Tags { get; set; } = [];
    [Parameter] public string? Note { get; set; }

    IReadOnlyList<string> tags = [];
    string? note;
    string? newTag;
    string? tagError;
    bool editing;
    string? draft;
    Guid shownRun;
    ClaimsPrincipal user = new();
    bool canAnnotate;
    string? refusal;

    // Taken from the parameters once per run: after that this component's own saves are the truth.
    protected override async Task OnParametersSetAsync()
    {
        user = (await Auth).User;
        canAnnotate = user.CanAnnotate();
        if (shownRun == RunId) return;
        shownRun = RunId;
        tags = Tags;
        note = Note;
    }

    async Task OnTagKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key != "Enter" || string.IsNullOrWhiteSpace(newTag)) return;
        if (RunTags.Problem(newTag) is { } problem) { tagError = problem; return; }
        var next = RunTags.Normalise([.. tags, newTag]);
        if (next.Count > RunTags.MaxCount) { tagError = $"A run has at most {RunTags.MaxCount} tags."; return; }
        await SaveAsync(new RunPatch(Tags: next));
        newTag = null;
    }

    Task RemoveTagAsync(string tag) => SaveAsync(new RunPatch(Tags: tags.Where(t => t != tag).ToList()));

    void StartEditing()
    {
        draft = note;
        editing = true;
    }

    async Task SaveNoteAsync()
    {
        await SaveAsync(new RunPatch(Note: draft ?? ""));
        editing = false;
    }

    async Task SaveAsync(RunPatch patch)
    {
        tagError = null;
        if (!user.CanAnnotate()) { refusal = user.Refusal("change this run's tags or note"); return; }
        if (await Listing.UpdateAsync(RunId, patch) is { } saved)
        {
            tags = saved.Tags;
            note = saved.Note;
        }
    }
}
