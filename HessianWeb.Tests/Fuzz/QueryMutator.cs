using System.Text;

namespace HessianWeb.Tests.Fuzz;

/// <summary>
/// Seeded mutations of a valid query string: values swapped for garbage, boundary numbers, unicode or other parameters'
/// values; keys dropped, repeated, misspelt or empty; percent-encoding broken (<c>%zz</c>, a lone <c>%</c>, encoded
/// NUL and invalid UTF-8).
/// </summary>
public sealed class QueryMutator(Random random)
{
    static readonly string[] OddValues =
    [
        "", " ", "0", "-1", "1", "2", "200", "201", "2147483647", "2147483648", "-2147483648", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "1e3", "1.5", "NaN", "Infinity", "-Infinity", "+1", "0x10", " 3 ", "١٢", "true",
        "false", "TRUE", "yes", "null", "-", "--created", "+name", "-trace", "Created", "0001-01-01", "9999-12-31", "2026-02-30",
        "2026-13-01", "26-01-01", "2026-01-01T00:00", "-2026-01-01", "queued,running", "done", ",,,", "a,b,,c", "😀", "e\u0301",
        "\u202e", "名前", "%", "%%", "_", "\\", "|", "' OR 1=1 --", "{}", "[]", "00000000-0000-0000-0000-000000000000",
        "{00000000-0000-0000-0000-000000000000}", "not-a-guid", "hessian", "gaussNewton", "residual", "end", "init", "epoch-1",
        "differences", "all", "0.6", "0.99", "1.0001", "-0.0",
    ];

    static readonly string[] BrokenEscapes = ["%zz", "%", "%2", "%00", "%ff", "%c3%28", "%ed%a0%80", "%e2%80%ae", "%0a", "%25", "+", "%2b", "&&", "=", "=="];

    /// <summary>
    /// The query string (without '?') for these valid <paramref name="parameters"/> mutated <paramref name="mutations"/>
    /// times; <paramref name="extraValues"/> are values valid for this endpoint (run ids, for example) mixed in.
    /// </summary>
    public string Mutate(IReadOnlyList<(string Key, string Value)> parameters, int mutations, IReadOnlyList<string> extraValues)
    {
        var pairs = parameters.ToList();
        var keys = parameters.Select(p => p.Key).Distinct().ToList();
        for (var i = 0; i < mutations; i++)
        {
            var at = pairs.Count == 0 ? -1 : random.Next(pairs.Count);
            switch (random.Next(9))
            {
                case 0 when at >= 0: pairs.RemoveAt(at); break;
                case 1 when at >= 0: pairs.Add((pairs[at].Key, Value(extraValues))); break;
                case 2 when at >= 0: pairs[at] = (Misspelt(pairs[at].Key), pairs[at].Value); break;
                case 3: pairs.Add((keys.Count > 0 ? keys[random.Next(keys.Count)] : "x", Value(extraValues))); break;
                case 4 when at >= 0: pairs[at] = (pairs[at].Key, string.Join(",", Enumerable.Range(0, random.Next(2, 40)).Select(_ => Value(extraValues)))); break;
                case 5 when at >= 0: pairs[at] = (pairs[at].Key, new string('x', random.Next(2) == 0 ? 300 : 5_000)); break;
                default: if (at >= 0) pairs[at] = (pairs[at].Key, Value(extraValues)); break;
            }
        }
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (text.Length > 0) text.Append('&');
            text.Append(Uri.EscapeDataString(key));
            if (random.Next(30) == 0) continue; // a key without '='
            text.Append('=').Append(Uri.EscapeDataString(value));
            if (random.Next(8) == 0) text.Append(BrokenEscapes[random.Next(BrokenEscapes.Length)]);
        }
        return text.ToString();
    }

    string Value(IReadOnlyList<string> extraValues) =>
        extraValues.Count > 0 && random.Next(3) == 0 ? extraValues[random.Next(extraValues.Count)] : OddValues[random.Next(OddValues.Length)];

    string Misspelt(string key) => random.Next(5) switch
    {
        0 => key.ToUpperInvariant(),
        1 => key + "s",
        2 => "",
        3 => key + "[]",
        _ => key.Length > 1 ? key[..^1] : key + key,
    };
}
