using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HessianWeb.Tests.Fuzz;

/// <summary>
/// Seeded mutations of a valid JSON body: fields dropped, duplicated, renamed; values swapped for another type, boundary
/// and absurd numbers (also as bare tokens JSON does not allow), huge arrays and strings, deep nesting, unicode and
/// control characters, values that are valid elsewhere in the API; then, sometimes, damage to the text itself
/// (truncation, invalid UTF-8, stray bytes, another encoding, a body that is no object at all).
/// </summary>
public sealed class JsonMutator(Random random)
{
    /// <summary>
    /// What a value may become besides another type: tokens valid somewhere in the API (enum names, checkpoints, spec
    /// paths), so that mutants also reach past the parser into the validator's combinations.
    /// </summary>
    static readonly string[] Dictionary =
    [
        "\"blobs\"", "\"moons\"", "\"circles\"", "\"mnist\"", "\"fashionMnist\"", "\"cifar10\"", "\"mlp\"", "\"cnn\"",
        "\"relu\"", "\"tanh\"", "\"sigmoid\"", "\"identity\"", "\"normal\"", "\"he\"", "\"glorot\"", "\"float32\"", "\"float64\"",
        "\"crossEntropy\"", "\"mse\"", "\"sgd\"", "\"adam\"", "\"constant\"", "\"step\"", "\"cosine\"", "\"auto\"", "\"always\"",
        "\"never\"", "\"rademacher\"", "\"gaussian\"", "\"init\"", "\"end\"", "\"lb:end\"", "\"epoch-1\"",
        "\"paper-outliers-vs-classes\"", "\"data.classes\"", "\"model.hiddenWidths[0]\"", "\"model.hiddenWidths[9]\"",
        "\"model.hiddenWidths\"", "\"training.phases\"", "\"training.phases[0].name\"", "\"training.phases[1].batchSize\"",
        "\"analysis.interpolations[0].from\"", "\"analysis.interpolations\"", "\"model.seed\"", "\"data\"", "\"name\"",
        "\"data.kind\"", "\"model.kind\"", "\"analysis.density.width\"", "\"a..b\"", "\"model.hiddenWidths[999999]\"",
        "0", "1", "2", "3", "5", "10", "28", "100", "1000", "0.5", "true", "false", "null", "[]", "{}", "[10, 5]", "[6, 16]",
        "[0, 1]", "[null]", "[{}]", "[{ \"name\": \"lb\" }, { \"name\": \"sb\" }]", "[{ \"from\": \"init\", \"to\": \"end\" }]",
        "{ \"checkpoint\": \"init\" }", "{ \"run\": null, \"checkpoint\": \"end\" }", "[\"paper\", \"fig-3\"]",
    ];

    static readonly string[] AbsurdNumbers =
    [
        "0", "-0", "-1", "1", "0.0", "-0.0", "1e308", "-1e308", "1.7976931348623157e308", "1e-320", "4.9e-324", "1e400", "-1e400",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "1e19", "0.1", "1.5", "2.5e9", "123456789012345678901234567890",
        "1E2", "1e+2", "00", "01", "-", "+1", ".5", "5.", "0x10", "1_000", "NaN", "-NaN", "Infinity", "-Infinity", "infinity",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"12\"", "\" 12 \"", "\"0x10\"",
    ];

    static readonly string[] OddStrings =
    [
        "", " ", "\\t", "\\n\\r", "\\u0000", "a\\u0000b", "\\u0007\\u001b[31m", "\\ud800", "\\udfff", "\\udc00\\ud800", "😀",
        "e\\u0301", "\\u202eevil", "\\ufeff", "\\uffff", "ÄÖÜß", "名前", "עברית", "' OR 1=1 --", "%", "_", "\\\\", "|", ",",
        "../../etc/passwd", "<script>alert(1)</script>", "null", "true", "{", "}", "[", "]", "\\\"",
    ];

    int markers;
    readonly Dictionary<string, string> substitutions = [];

    /// <summary><paramref name="mutations"/> mutations of <paramref name="seed"/> (left untouched), as the bytes to send.</summary>
    public byte[] Mutate(JsonNode seed, int mutations)
    {
        substitutions.Clear();
        var root = seed.DeepClone();
        for (var i = 0; i < mutations; i++) root = MutateOnce(root);
        var text = Render(root);
        return random.Next(5) == 0 ? DamageText(text) : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The node as JSON, with each marker replaced by the raw text it stands for (text JSON itself cannot hold).</summary>
    string Render(JsonNode? root)
    {
        var text = root?.ToJsonString() ?? "null";
        foreach (var (marker, raw) in substitutions) text = text.Replace($"\"{marker}\"", raw, StringComparison.Ordinal);
        return text;
    }

    /// <summary>A string value standing for <paramref name="raw"/> in the rendered text.</summary>
    JsonNode Raw(string raw)
    {
        var marker = $"@@raw{markers++}@@";
        substitutions[marker] = raw;
        return JsonValue.Create(marker);
    }

    JsonNode? MutateOnce(JsonNode? root)
    {
        var slots = new List<(JsonNode Container, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0 || random.Next(20) == 0) return NewValue();
        var (container, key) = slots[random.Next(slots.Count)];
        var current = Get(container, key);
        switch (random.Next(10))
        {
            case 0: Remove(container, key); break;
            case 1: Duplicate(container, key, random.Next(2) == 0 ? current?.DeepClone() : NewValue()); break;
            case 2: if (container is JsonObject o && key is string name) Rename(o, name); else Set(container, key, NewValue()); break;
            case 3:
                if (container is JsonObject target) target[$"unknown{random.Next(100)}"] = NewValue();
                else ((JsonArray)container).Add(NewValue());
                break;
            case 4: Set(container, key, Raw(AbsurdNumbers[random.Next(AbsurdNumbers.Length)])); break;
            case 5: Set(container, key, Raw(Dictionary[random.Next(Dictionary.Length)])); break;
            default: Set(container, key, NewValue()); break;
        }
        return root;
    }

    /// <summary>A value of any JSON type, now and then huge, deeply nested or odd.</summary>
    JsonNode? NewValue() => random.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => Raw(AbsurdNumbers[random.Next(AbsurdNumbers.Length)]),
        3 => JsonValue.Create(random.Next(-5, 2000)),
        4 => Raw($"\"{OddStrings[random.Next(OddStrings.Length)]}\""),
        5 => JsonValue.Create(new string((char)random.Next('a', 'z' + 1), random.Next(1, 3) == 1 ? 201 : 100_000)),
        6 => Raw("[" + string.Join(",", Enumerable.Repeat(random.Next(2) == 0 ? "1" : "\"x\"", random.Next(1, 3) == 1 ? 100 : 50_000)) + "]"),
        7 => Raw(Nested(random.Next(2) == 0 ? 63 : random.Next(65, 3_000))),
        8 => new JsonArray(),
        9 => new JsonObject(),
        10 => new JsonArray(JsonValue.Create(1), null, JsonValue.Create("a")),
        11 => new JsonObject { ["a"] = 1 },
        _ => Raw(Dictionary[random.Next(Dictionary.Length)]),
    };

    string Nested(int depth)
    {
        var open = random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        return string.Concat(Enumerable.Repeat(open.Item1, depth)) + "1" + string.Concat(Enumerable.Repeat(open.Item2, depth));
    }

    void Rename(JsonObject o, string name)
    {
        var value = o[name];
        o.Remove(name);
        if (name.Length == 0) name = "x";
        var renamed = random.Next(7) switch
        {
            0 => name.ToUpperInvariant(),
            1 => char.ToUpperInvariant(name[0]) + name[1..],
            2 => name + "s",
            3 => name.Length > 1 ? name[..^1] : "",
            4 => "",
            5 => name.Replace('a', 'а'), // Cyrillic a
            _ => name + "\u0000",
        };
        o[renamed] = value;
    }

    /// <summary>A second entry beside the one at <paramref name="key"/>: the same key twice in an object, or an extra array item.</summary>
    void Duplicate(JsonNode container, object key, JsonNode? value)
    {
        if (container is JsonArray array) { array.Insert((int)key, value); return; }
        var marker = $"@@dup{markers++}@@";
        substitutions[marker] = JsonSerializer.Serialize((string)key);
        ((JsonObject)container)[marker] = value;
    }

    static void Collect(JsonNode? node, List<(JsonNode, object)> slots)
    {
        if (node is JsonObject o)
            foreach (var (name, child) in o.ToList()) { slots.Add((o, name)); Collect(child, slots); }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++) { slots.Add((a, i)); Collect(a[i], slots); }
    }

    static JsonNode? Get(JsonNode container, object key) => container is JsonObject o ? o[(string)key] : ((JsonArray)container)[(int)key];

    static void Set(JsonNode container, object key, JsonNode? value)
    {
        if (container is JsonObject o) o[(string)key] = value;
        else ((JsonArray)container)[(int)key] = value;
    }

    static void Remove(JsonNode container, object key)
    {
        if (container is JsonObject o) o.Remove((string)key);
        else ((JsonArray)container).RemoveAt((int)key);
    }

    static readonly string[] NotObjects =
        ["", " ", "null", "[]", "{}", "\"x\"", "0", "true", "{", "}", "{}{}", "{} x", "/* c */ {}", "{\"a\": 1,}", "{'a': 1}", "\uFEFF{}", "[{}]"];

    byte[] DamageText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        switch (random.Next(6))
        {
            case 0: return bytes[..random.Next(bytes.Length + 1)];
            case 1:
            {
                byte[][] invalid = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xC3], [0xF4, 0x90, 0x80, 0x80], [0x00], [0x80]];
                var at = random.Next(bytes.Length + 1);
                return [.. bytes[..at], .. invalid[random.Next(invalid.Length)], .. bytes[at..]];
            }
            case 2:
            {
                var at = random.Next(bytes.Length + 1);
                var length = random.Next(Math.Min(20, bytes.Length - at) + 1);
                return [.. bytes[..at], .. bytes[(at + length)..]];
            }
            case 3: return Encoding.UTF8.GetBytes(NotObjects[random.Next(NotObjects.Length)]);
            case 4: return Encoding.Unicode.GetBytes(text);
            default:
            {
                var at = random.Next(bytes.Length + 1);
                const string Structural = "{}[],:\"\\ 0";
                return [.. bytes[..at], (byte)Structural[random.Next(Structural.Length)], .. bytes[at..]];
            }
        }
    }
}
