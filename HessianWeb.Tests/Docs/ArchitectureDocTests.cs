using System.Text.RegularExpressions;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Docs;

/// <summary>
/// docs/architecture.md cannot drift from the code. A hop is a list item (<c>-</c>, <c>*</c> or <c>1.</c>) whose first
/// two code spans are a place and a symbol: <c>`relative/path.cs:123` `Symbol`</c>, then words. The path is relative to
/// the repository root; line 123 (counting from 1) must exist and contain Symbol. A hop list is the hops under one
/// <c>##</c> heading. Each of <see cref="Journeys"/> must have at least one hop, and within a list a file's hops are
/// consecutive: a path that comes back after another file's hop means the journey goes back and forth.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    public static readonly string[] Journeys = ["A spec from the form to the training loop", "A Ritz value from the worker to the chart"];

    static string DocPath => Path.Combine(RepoRoot.Path, "docs", "architecture.md");

    [GeneratedRegex(@"^\s*(?:[-*]|\d+\.)\s+`(?<path>[^`:]+):(?<line>\d+)`\s+`(?<symbol>[^`]+)`")]
    private static partial Regex Hop();

    sealed record HopLine(int DocLine, string Path, int Line, string Symbol);

    /// <summary>Every hop, grouped by the <c>##</c> heading above it.</summary>
    static Dictionary<string, List<HopLine>> HopLists()
    {
        var lists = new Dictionary<string, List<HopLine>>();
        var heading = "";
        var lines = File.ReadAllLines(DocPath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal)) heading = lines[i][3..].Trim();
            else if (Hop().Match(lines[i]) is { Success: true } m)
            {
                if (!lists.TryGetValue(heading, out var list)) lists[heading] = list = [];
                list.Add(new HopLine(i + 1, m.Groups["path"].Value, int.Parse(m.Groups["line"].Value), m.Groups["symbol"].Value));
            }
        }
        return lists;
    }

    [Fact]
    public void Every_hop_names_a_line_that_holds_its_symbol()
    {
        var wrong = new List<string>();
        foreach (var hop in HopLists().Values.SelectMany(l => l))
        {
            var file = Path.Combine(RepoRoot.Path, hop.Path.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(file)) { wrong.Add($"docs/architecture.md:{hop.DocLine}: {hop.Path} does not exist"); continue; }
            var source = File.ReadAllLines(file);
            if (hop.Line < 1 || hop.Line > source.Length)
                wrong.Add($"docs/architecture.md:{hop.DocLine}: {hop.Path} has {source.Length} lines, not {hop.Line}");
            else if (!source[hop.Line - 1].Contains(hop.Symbol, StringComparison.Ordinal))
                wrong.Add($"docs/architecture.md:{hop.DocLine}: {hop.Path}:{hop.Line} does not contain {hop.Symbol}: \"{source[hop.Line - 1].Trim()}\"");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Each_journey_has_hops_that_never_go_back_to_a_file()
    {
        var lists = HopLists();
        foreach (var journey in Journeys)
        {
            Assert.True(lists.TryGetValue(journey, out var hops) && hops.Count > 0, $"No hops under \"## {journey}\".");
            var left = new HashSet<string>();
            for (var i = 1; i < hops!.Count; i++)
                if (hops[i].Path != hops[i - 1].Path)
                {
                    left.Add(hops[i - 1].Path);
                    Assert.False(left.Contains(hops[i].Path),
                        $"\"{journey}\" comes back to {hops[i].Path} at docs/architecture.md:{hops[i].DocLine} after leaving it.");
                }
        }
    }
}
