using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HessianWeb.Server.Components.Pages.Runs.Notes;

/// <summary>
/// A run's note as HTML that is safe to put in the page: CommonMark with raw HTML disabled (Markdig writes
/// it out escaped), and links or images whose address names a scheme other than http, https or mailto
/// (javascript:, data:, vbscript:) pointed nowhere.
/// </summary>
public static class NoteMarkdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().UseEmphasisExtras().Build();

    static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
            if (!IsSafe(link.Url)) link.Url = "#";
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsSafe(link.Url)) link.Url = "#";
        return document.ToHtml(Pipeline);
    }

    /// <summary>A relative address, or an absolute one with a safe scheme. Anything with a ':' before its first '/', '?' or '#' names a scheme.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var end = trimmed.IndexOfAny(['/', '?', '#']);
        var colon = trimmed.IndexOf(':');
        if (colon < 0 || (end >= 0 && end < colon)) return true;
        return SafeSchemes.Contains(trimmed[..colon].ToLowerInvariant());
    }
}
