using HessianWeb.Shared;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Http;

namespace HessianWeb.Tests.Fuzz;

/// <summary>What the API should answer an input, from the same validators the server uses (or <see cref="Any"/>: only the general oracle).</summary>
public enum Expected { Accepted, Refused, NotFound, Conflict, Any }

/// <summary>One generated input and what it should get.</summary>
public sealed record FuzzCase(FuzzInput Input, Expected Expected);

/// <summary>The seeded randomness, the mutators and the fixture's runs that one endpoint's generator draws from.</summary>
public sealed class FuzzContext(FuzzServer fixture, Random random)
{
    public FuzzServer Fixture => fixture;
    public Random Random => random;
    public JsonMutator Json { get; } = new(random);
    public QueryMutator Query { get; } = new(random);

    static readonly string[] OddContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/xml", "???", "", "application/problem+json",
    ];

    /// <summary>Ids that are no GUID, or not one the route takes as it stands.</summary>
    public static readonly string[] GarbageIds =
        ["not-a-guid", "123", "%00", "%ff", "..", "%2e%2e", "😀", "null", "00000000-0000-0000-0000-00000000000g", new string('a', 2_000), "%20", "a%2fb"];

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Mostly a few mutations; now and then none, so valid inputs are sent (and accepted) too.</summary>
    public int Mutations() => random.Next(6) == 0 ? 0 : random.Next(1, 5);

    public string? ContentType() => random.Next(10) == 0 ? Pick(OddContentTypes) : random.Next(40) == 0 ? null : "application/json";

    public FuzzInput Post(string target, JsonNode seed) => Body(HttpMethod.Post, target, seed);

    public FuzzInput Body(HttpMethod method, string target, JsonNode seed) =>
        new(method, target, Json.Mutate(seed, Mutations()), ContentType());

    /// <summary>The body as the server reads it (<see cref="JsonFormat"/>, from a stream), or not parsed: a JSON error is a 400.</summary>
    public static (T? Value, bool Parsed) Read<T>(byte[]? body)
    {
        try { return (JsonSerializer.Deserialize<T>(new MemoryStream(body ?? []), JsonFormat.Options), true); }
        catch (JsonException) { return (default, false); }
    }

    /// <summary>
    /// Accepted or refused as the validator says; where the validator itself throws, any answer but a 5xx (the server runs
    /// the same validator, so the input is still sent: its 500 is the failure reported, with the input).
    /// </summary>
    public static Expected Expect(Func<bool> accepted)
    {
        try { return accepted() ? Expected.Accepted : Expected.Refused; }
        catch (Exception) { return Expected.Any; }
    }

    /// <summary>The query as the server reads it: from the address HttpClient sends, split and unescaped by the same request feature.</summary>
    public IQueryCollection ParsedQuery(string target)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(new Uri(fixture.Server.BaseAddress, new Uri(target, UriKind.Relative)).Query);
        return http.Request.Query;
    }

    /// <summary>A run id in a path: the completed run mostly, else the other completed one, the queued one, an unknown GUID or garbage.</summary>
    public (string Text, RunKind Kind) RunId() => random.Next(20) switch
    {
        0 => (NewGuid().ToString(), RunKind.Unknown),
        1 => (Pick(GarbageIds), RunKind.Garbage),
        2 => (fixture.Queued.ToString(), RunKind.Queued),
        3 => (fixture.Other.ToString(), RunKind.Completed),
        4 => (fixture.Completed.ToString("N").ToUpperInvariant(), RunKind.Completed),
        _ => (fixture.Completed.ToString(), RunKind.Completed),
    };

    /// <summary>A GUID from the seeded randomness, so a rerun with the same seed sends the same ids.</summary>
    public Guid NewGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static string Utf8(byte[]? body) => body is null ? "" : Encoding.UTF8.GetString(body);
}

public enum RunKind { Completed, Queued, Unknown, Garbage }
