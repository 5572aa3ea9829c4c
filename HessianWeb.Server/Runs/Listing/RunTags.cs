namespace HessianWeb.Server.Runs.Listing;

/// <summary>
/// Tags as the runs table keeps them: one text column "|a|b|", so that a tag is found with one
/// LIKE '%|a|%' (a scan of 10,000 short strings takes a few milliseconds; a join table would buy nothing here).
/// </summary>
public static class RunTags
{
    public const int MaxLength = 40;
    public const int MaxCount = 20;

    public static string Encode(IEnumerable<string> tags)
    {
        var list = Normalise(tags);
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }

    public static IReadOnlyList<string> Decode(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Trimmed, empty ones dropped, each once (case-insensitively), in the order given.</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Why a tag cannot be stored, or null. '|' is the column's separator and ',' the address's.</summary>
    public static string? Problem(string tag)
    {
        var trimmed = tag.Trim();
        if (trimmed.Length == 0) return "A tag cannot be empty.";
        if (trimmed.Length > MaxLength) return $"A tag has at most {MaxLength} characters; '{trimmed[..20]}…' has {trimmed.Length}.";
        if (trimmed.IndexOfAny(['|', ',']) >= 0 || trimmed.Any(char.IsControl)) return $"A tag cannot contain '|', ',' or control characters: '{trimmed}'.";
        return null;
    }

    /// <summary>The LIKE pattern that finds <paramref name="tag"/>, with LIKE's wildcards escaped by '\'.</summary>
    public static string Pattern(string tag) => "%|" + Like.Escape(tag.Trim()) + "|%";
}

/// <summary>Literal text inside a LIKE pattern.</summary>
public static class Like
{
    public const char EscapeCharacter = '\\';

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
