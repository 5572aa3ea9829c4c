namespace HessianWeb.Server.Runs.Listing;

/// <summary>
/// What <c>PATCH /api/runs/{id}</c> changes; a field left out (null) stays as it is. An empty note removes it.
/// </summary>
public sealed record RunPatch(IReadOnlyList<string>? Tags = null, string? Note = null, bool? Archived = null)
{
    public const int MaxNoteLength = 20_000;

    /// <summary>Each problem under its JSON path ("tags[2]", "note").</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Tags is { } tags)
        {
            for (var i = 0; i < tags.Count; i++)
                if (tags[i] is null) errors[$"tags[{i}]"] = ["A tag cannot be null."];
                else if (RunTags.Problem(tags[i]) is { } problem) errors[$"tags[{i}]"] = [problem];
            if (RunTags.Normalise(tags.Where(t => t is not null)).Count > RunTags.MaxCount)
                errors["tags"] = [$"A run has at most {RunTags.MaxCount} tags."];
        }
        if (Note is { Length: > MaxNoteLength })
            errors["note"] = [$"The note has at most {MaxNoteLength:N0} characters; this one has {Note.Length:N0}."];
        return errors;
    }
}
