using System.Text.RegularExpressions;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Docs;

/// <summary>
/// The house rule on size, over every .cs file (so every .razor.cs) under HessianWeb.Server, HessianWeb.Client and
/// HessianWeb.Shared, obj/, bin/ and Migrations/ left out: a file has at most <see cref="MaxLines"/> lines, and a type at
/// most <see cref="MaxPublicMembers"/> public members.
/// <para>Counted from the source, top-level types only (file-scoped namespaces, so a type is declared at column 0 and
/// its members at four spaces): a public member is a line at four spaces that starts with <c>public</c>, after any
/// attributes. A nested type is one member of its outer type. A partial type's parts are counted together.</para>
/// <para>A type whose public members are all data (auto-properties <c>{ get; … }</c> and constants; a record's
/// positional parameters are never counted) is a data type, exempt from the member count: its size is that of the
/// format it mirrors (a spec's JSON, a table's row, a chart's options), and splitting it would change that format,
/// not simplify any logic. Any method, computed property or other member makes every public member count.</para>
/// <para>A file may be larger, and its types wider, when a comment line within its first <see cref="ReasonLines"/> lines
/// (a <c>// Why this is large:</c> line, or a line of the XML summary) says "Why this is large:" and why.</para>
/// </summary>
public sealed partial class ClassSizeTests
{
    const int MaxLines = 300;
    const int MaxPublicMembers = 15;
    const int ReasonLines = 20;
    const string Reason = "Why this is large:";

    static readonly string[] Projects = ["HessianWeb.Server", "HessianWeb.Client", "HessianWeb.Shared"];
    static readonly string[] Skipped = ["obj", "bin", "Migrations"];

    [GeneratedRegex(@"^(?:(?:public|internal|private|protected|sealed|static|abstract|partial|readonly|file)\s+)*(?:class|record(?:\s+struct|\s+class)?|struct|interface)\s+(?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^ {4}(?:\[[^\]]*\]\s*)*public\s")]
    private static partial Regex PublicMember();

    [GeneratedRegex(@"\{\s*get;|\bconst\b")]
    private static partial Regex DataMember();

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;")]
    private static partial Regex Namespace();

    sealed record SourceFile(string Path, string[] Lines)
    {
        public bool SaysWhy => Lines.Take(ReasonLines).Any(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal) && l.Contains(Reason, StringComparison.Ordinal));
    }

    sealed class TypeCount
    {
        public List<string> Files { get; } = [];
        public int Members { get; set; }
        public bool HasLogic { get; set; }
        public bool SaysWhy { get; set; }
    }

    static IEnumerable<SourceFile> Sources() => Projects
        .SelectMany(p => Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, p), "*.cs", SearchOption.AllDirectories))
        .Select(f => Path.GetRelativePath(RepoRoot.Path, f).Replace('\\', '/'))
        .Where(f => !f.Split('/').Any(Skipped.Contains))
        .Order(StringComparer.Ordinal)
        .Select(f => new SourceFile(f, File.ReadAllLines(Path.Combine(RepoRoot.Path, f))));

    static Dictionary<string, TypeCount> CountTypes(IEnumerable<SourceFile> sources)
    {
        var types = new Dictionary<string, TypeCount>();
        foreach (var source in sources)
        {
            var ns = source.Lines.Select(l => Namespace().Match(l)).FirstOrDefault(m => m.Success)?.Groups["name"].Value ?? "";
            TypeCount? current = null;
            foreach (var line in source.Lines)
            {
                if (TypeDeclaration().Match(line) is { Success: true } declared)
                {
                    var name = $"{ns}.{declared.Groups["name"].Value}";
                    if (!types.TryGetValue(name, out current)) types[name] = current = new TypeCount();
                    if (!current.Files.Contains(source.Path)) current.Files.Add(source.Path);
                    current.SaysWhy |= source.SaysWhy;
                }
                else if (current is not null && PublicMember().IsMatch(line))
                {
                    current.Members++;
                    current.HasLogic |= !DataMember().IsMatch(line);
                }
            }
        }
        return types;
    }

    /// <summary>Every file over the line limit and every type over the member limit that does not say why.</summary>
    static List<string> Offenders()
    {
        var sources = Sources().ToList();
        var offenders = sources.Where(s => s.Lines.Length > MaxLines && !s.SaysWhy)
            .Select(s => $"{s.Path}: {s.Lines.Length} lines (at most {MaxLines})").ToList();
        offenders.AddRange(CountTypes(sources)
            .Where(t => t.Value.HasLogic && t.Value.Members > MaxPublicMembers && !t.Value.SaysWhy)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{string.Join(" + ", t.Value.Files)}: {t.Key} has {t.Value.Members} public members (at most {MaxPublicMembers})"));
        return offenders;
    }

    [Fact]
    public void Files_and_types_stay_small_or_say_why()
    {
        var offenders = Offenders();
        Assert.True(offenders.Count == 0,
            $"{offenders.Count} over the house limits; split them, or say \"{Reason}\" in a comment in the first {ReasonLines} lines:\n"
            + string.Join("\n", offenders));
    }

    [Fact]
    public void The_count_sees_attributed_members_and_leaves_data_types_alone()
    {
        string[] logic =
        [
            "namespace N;", "public sealed class Wide", "{",
            .. Enumerable.Range(0, 8).Select(i => $"    [Parameter] public int P{i} {{ get; set; }}"),
            .. Enumerable.Range(0, 8).Select(i => $"    public int M{i}() => {i};"),
            "    int Hidden() => 0;", "}",
        ];
        string[] data = ["namespace N;", "public sealed record Spec", "{", .. Enumerable.Range(0, 40).Select(i => $"    public int P{i} {{ get; init; }}"), "}"];

        var types = CountTypes([new SourceFile("Wide.cs", logic), new SourceFile("Spec.cs", data)]);

        Assert.Equal(16, types["N.Wide"].Members);
        Assert.True(types["N.Wide"].HasLogic);
        Assert.Equal(40, types["N.Spec"].Members);
        Assert.False(types["N.Spec"].HasLogic);
    }
}
