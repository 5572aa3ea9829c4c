using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace HessianWeb.Client.Models;

/// <summary>
/// The module types of a TorchScript file, read from the Python-like code <c>torch.jit.save</c> writes beside the weights
/// (LibTorch, through TorchSharp, names a module's children but not their types). The zip's <c>data.pkl</c> names the root
/// class first; each class in <c>code/</c> declares its children's types (<c>conv1 : __torch__.…Conv2d</c>, or
/// <c>__annotations__["0"] = …</c> in a Sequential) and its settings as constants (<c>in_channels : Final[int] = 3</c>).
/// Anything unexpected leaves a module without a description; the file is read by LibTorch all the same.
/// </summary>
public static partial class TorchScriptCode
{
    const int MaxModules = 100_000;

    /// <summary>The root's class name and, by module path ("" the root), "Conv2d(2 → 3, 3×3, stride 1, padding 1)" or the class name.</summary>
    public static IReadOnlyDictionary<string, string> ModuleTypes(string path)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var pickle = zip.Entries.FirstOrDefault(e => e.FullName.Count(c => c == '/') == 1 && e.Name == "data.pkl");
            if (pickle is null) return types;
            var folder = pickle.FullName[..^pickle.Name.Length];
            if (RootClass().Match(Encoding.Latin1.GetString(Read(pickle))) is not { Success: true } root) return types;
            var classes = new Dictionary<string, ClassCode>(StringComparer.Ordinal);
            ClassCode? Class(string qualified)
            {
                if (classes.TryGetValue(qualified, out var known)) return known;
                var dot = qualified.LastIndexOf('.');
                if (dot < 0) return null;
                var file = zip.GetEntry($"{folder}code/{qualified[..dot].Replace('.', '/')}.py");
                var parsed = file is null ? null : ClassCode.Parse(Encoding.UTF8.GetString(Read(file)), qualified[(dot + 1)..]);
                if (parsed is not null) classes[qualified] = parsed;
                return parsed;
            }
            Walk("", $"{root.Groups[1].Value}.{root.Groups[2].Value}", Class, types, depth: 0);
        }
        // The descriptions are for people: code this reader does not follow leaves the modules undescribed, it never
        // refuses a file LibTorch loads.
        catch (Exception) { types.Clear(); }
        return types;
    }

    static void Walk(string path, string qualified, Func<string, ClassCode?> find, Dictionary<string, string> types, int depth)
    {
        // A file whose classes name each other in a loop ends here, not in a walk without end.
        if (depth > 64 || types.Count >= MaxModules || find(qualified) is not { } code) return;
        types[path] = code.Describe();
        foreach (var (child, type) in code.Children)
            Walk(path.Length == 0 ? child : $"{path}.{child}", type, find, types, depth + 1);
    }

    static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>One class of the code: its name, its child modules' types in order, and its constants.</summary>
    sealed record ClassCode(string Name, IReadOnlyList<(string Name, string Type)> Children, IReadOnlyDictionary<string, string> Constants)
    {
        public static ClassCode? Parse(string source, string name)
        {
            var start = source.IndexOf($"class {name}(Module):\n", StringComparison.Ordinal);
            if (start < 0) return null;
            var children = new List<(string, string)>();
            var constants = new Dictionary<string, string>(StringComparer.Ordinal);
            // The body's declarations come first, each on a line of its own, before the first def.
            foreach (var line in source[start..].Split('\n').Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.TrimStart().StartsWith("def ", StringComparison.Ordinal)))
            {
                if (Child().Match(line) is { Success: true } child) children.Add((child.Groups[1].Value + child.Groups[2].Value, child.Groups[3].Value));
                else if (Constant().Match(line) is { Success: true } constant) constants[constant.Groups[1].Value] = constant.Groups[2].Value.Trim();
            }
            return new ClassCode(name, children, constants);
        }

        /// <summary>The settings a person reads a layer by, in the layer list's words; the class name alone for the rest.</summary>
        public string Describe()
        {
            string? Get(string key) => Constants.GetValueOrDefault(key);
            string? Size(string key, bool collapse = true) => Get(key) is { } value ? Sizes(value, collapse) : null;
            var settings = Name switch
            {
                "Conv1d" or "Conv2d" or "Conv3d" => Get("in_channels") is { } i && Get("out_channels") is { } o && Size("kernel_size", collapse: false) is { } k
                    ? $"{i} → {o}, {k}, stride {Size("stride")}, padding {Size("padding")}" : null,
                "Linear" => Get("in_features") is { } i && Get("out_features") is { } o ? $"{i} → {o}" : null,
                "BatchNorm1d" or "BatchNorm2d" or "BatchNorm3d" => Get("num_features"),
                _ => null,
            };
            return settings is null ? Name : $"{Name}({settings})";
        }

        /// <summary>
        /// "(3, 3)" → "3×3" for a kernel; a stride or padding alike in every dimension as one number, "(1, 1)" → "1";
        /// a padding given by name ("same") as that name.
        /// </summary>
        static string Sizes(string value, bool collapse)
        {
            var parts = value.Trim('(', ')', ' ', '"').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return collapse && parts.Distinct().Count() == 1 ? parts[0] : string.Join("×", parts);
        }
    }

    // The root object's class, the pickle's first GLOBAL: "c__torch__\nTinyResNet\n".
    [GeneratedRegex(@"c(__torch__[\w.]*)\n(\w+)\n")]
    private static partial Regex RootClass();

    // "  conv1 : __torch__.torch.nn.modules.conv.Conv2d" or "  __annotations__["0"] = __torch__.….Conv2d".
    [GeneratedRegex(@"^  (?:(\w+) : |__annotations__\[""([^""]+)""\] = )(__torch__[\w.]+)\s*$")]
    private static partial Regex Child();

    // "  in_channels : Final[int] = 3".
    [GeneratedRegex(@"^  (\w+) : Final\[.*\] = (.+)$")]
    private static partial Regex Constant();
}
