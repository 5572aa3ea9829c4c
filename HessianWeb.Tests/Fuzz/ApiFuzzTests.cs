using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace HessianWeb.Tests.Fuzz;

/// <summary>
/// Thousands of seeded, mutated requests to every JSON body and query string of the REST API (<see cref="FuzzEndpoints"/>),
/// against the real server and SQLite store with no worker. The oracle: no 5xx ever; every 400 is a ProblemDetails whose
/// <c>errors</c> name a field of the body or a query parameter; a 2xx exactly when the validators accept the input (and
/// the other answers where they are known); a refused input stores nothing.
/// </summary>
/// <remarks>
/// The seed is fixed, so a failure is reproducible; <c>HESSIANWEB_FUZZ_SEED</c> tries another and <c>HESSIANWEB_FUZZ_SCALE</c>
/// multiplies the number of inputs. A failure prints the endpoint, the input's number, the seed, the request and the answer.
/// </remarks>
public sealed partial class ApiFuzzTests(FuzzServer fixture, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    const int DefaultSeed = 20_261_202;
    const int MaxReported = 20;

    static int Seed => int.TryParse(Environment.GetEnvironmentVariable("HESSIANWEB_FUZZ_SEED"), out var s) ? s : DefaultSeed;
    static double Scale => double.TryParse(Environment.GetEnvironmentVariable("HESSIANWEB_FUZZ_SCALE"), CultureInfo.InvariantCulture, out var x) ? x : 1;

    public static TheoryData<string> Endpoints => new(FuzzEndpoints.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Mutated_inputs_get_no_server_error_and_every_refusal_names_a_field(string name)
    {
        var endpoint = FuzzEndpoints.All.Single(e => e.Name == name);
        // One stream per endpoint, so that adding an endpoint leaves the others' inputs as they were.
        var seed = Seed ^ name.Aggregate(17, (h, ch) => h * 31 + ch);
        var context = new FuzzContext(fixture, new Random(seed));
        var inputs = (int)Math.Ceiling(endpoint.Inputs * Scale);
        var histogram = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var before = await fixture.SnapshotAsync();

        for (var i = 0; i < inputs && failures.Count < MaxReported; i++)
        {
            FuzzCase fuzz;
            try { fuzz = endpoint.Generate(context); }
            catch (Exception ex) { failures.Add($"[{name} #{i}, seed {Seed}] the input generator threw {ex}"); continue; }

            using var response = await fixture.Server.Http.SendAsync(fuzz.Input.ToRequest());
            var status = (int)response.StatusCode;
            histogram[status] = histogram.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var after = await fixture.SnapshotAsync();

            var problem = Problem(endpoint, fuzz, status, response.Content.Headers.ContentType?.MediaType, body)
                ?? (status is < 200 or >= 300 && after != before ? $"a refused input changed the store: {before} → {after}" : null);
            if (problem is null && status is >= 200 and < 300 && endpoint.OnAccepted is { } clean)
            {
                try { await clean(context, response); }
                catch (Exception ex) { problem = $"cleaning up after the accepted input failed: {ex.Message}"; }
                after = await fixture.SnapshotAsync();
            }
            before = after;
            if (problem is not null)
                failures.Add($"[{name} #{i}, seed {Seed}] {problem}\n  {fuzz.Input.Describe()}\n  answer: {status} {Shorten(body)}");
        }

        var summary = $"API fuzz '{name}': {histogram.Values.Sum():N0} inputs (seed {Seed}), statuses {string.Join(", ", histogram.Select(h => $"{h.Key}: {h.Value}"))}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(failures.Count == 0, $"{failures.Count}{(failures.Count >= MaxReported ? "+" : "")} failing inputs:\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>What is wrong with this answer, or null.</summary>
    static string? Problem(FuzzEndpoint endpoint, FuzzCase fuzz, int status, string? mediaType, string body)
    {
        if (status >= 500) return $"a server error ({status})";
        if (RefusedByKestrel(fuzz.Input, status, body)) return null;
        var success = status is >= 200 and < 300;
        var mismatch = fuzz.Expected switch
        {
            Expected.Accepted when !success => "the validators accept this input, but the API did not",
            Expected.Refused when status != 400 => "the validators refuse this input, but the API did not answer 400",
            Expected.NotFound when status != 404 => "expected 404 (no such run)",
            Expected.Conflict when status != 409 => "expected 409 (the run cannot take this now)",
            not Expected.Accepted and not Expected.Any when success => "accepted an input the validators refuse",
            _ => null,
        };
        if (mismatch is not null) return mismatch;
        return status == 400 ? BadRequestProblem(endpoint, fuzz.Input, mediaType, body) : null;
    }

    /// <summary>
    /// Requests the web server refuses before the API sees them, which no endpoint can answer otherwise: a request line
    /// past its limit (414), or an escaped NUL in the path (a bare 400).
    /// </summary>
    static bool RefusedByKestrel(FuzzInput input, int status, string body) =>
        status == 414 || (status == 400 && body.Length == 0 && input.Target.Split('?')[0].Contains("%00", StringComparison.OrdinalIgnoreCase));

    /// <summary>A 400 must be a ProblemDetails whose <c>errors</c> has at least one key, each naming a field (or the whole body).</summary>
    static string? BadRequestProblem(FuzzEndpoint endpoint, FuzzInput input, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json") return $"a 400 that is no ProblemDetails ({mediaType ?? "no content type"})";
        JsonElement errors;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("errors", out errors) || errors.ValueKind != JsonValueKind.Object)
                return "a 400 ProblemDetails without errors naming the field";
            errors = errors.Clone();
        }
        catch (JsonException) { return "a 400 whose body is not JSON"; }

        var keys = errors.EnumerateObject().Select(p => p.Name).ToList();
        if (keys.Count == 0) return "a 400 whose errors are empty";
        var sent = FuzzContext.Utf8(input.Body);
        foreach (var key in keys)
        {
            var first = FirstSegment().Match(key).Value;
            // A key may also name a property the body holds that no field has (where malformed JSON broke), as sent: escaped or not.
            var held = first.Length > 0 && (sent.Contains($"\"{first}\"", StringComparison.Ordinal) || sent.Contains(JsonSerializer.Serialize(first), StringComparison.Ordinal));
            if (!endpoint.Fields.Contains(first) && !held)
                return $"a 400 whose error key '{key}' names no field of this request";
        }
        return null;
    }

    [GeneratedRegex(@"^[^.\[]*")]
    private static partial Regex FirstSegment();

    static string Shorten(string text) => text.Length <= 1_500 ? text : text[..1_500] + "…";
}
