using System.Text.Json;
using System.Text.RegularExpressions;
using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// Request bodies read in <see cref="JsonFormat"/>, for every endpoint that takes JSON: a body that does not parse is a
/// ProblemDetails naming the field where it broke, in words a user can act on.
/// </summary>
public static partial class JsonBody
{
    /// <summary>
    /// The request's body as <typeparamref name="T"/>, or, for malformed JSON or JSON of the wrong shape, a 400
    /// ProblemDetails under <paramref name="title"/> naming where it broke (read by hand for that reason).
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string title, CancellationToken ct)
    {
        try { return (await JsonSerializer.DeserializeAsync<T>(request.Body, JsonFormat.Options, ct), null); }
        catch (JsonException ex)
        {
            return (default, Results.ValidationProblem(new Dictionary<string, string[]> { [Field(ex)] = [Message(ex)] }, title: title));
        }
    }

    /// <summary>The JSON path where the body broke, as the field a ProblemDetails names; "spec" for the whole body.</summary>
    /// <remarks>A property with an empty name ends the path in a bare "." ("$.", "$.data."): its object is where it broke.</remarks>
    static string Field(JsonException ex) =>
        ex.Path?.TrimStart('$', '.').TrimEnd('.') is { Length: > 0 } path ? path : "spec";

    /// <summary>
    /// The serializer's sentence without its path; for a choice (an enum of the spec) the names it accepts instead of
    /// .NET's type name, since the user wrote a string that is not one of them.
    /// </summary>
    static string Message(JsonException ex)
    {
        var message = ex.Message.Split(" Path:", 2)[0].Trim();
        if (Conversion().Match(message) is { Success: true } m
            && typeof(ExperimentSpec).Assembly.GetType(m.Groups["type"].Value) is { IsEnum: true } choice)
        {
            var names = Enum.GetNames(choice).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
            return $"Use one of: {string.Join(", ", names)} (a string, as written here).";
        }
        return message;
    }

    [GeneratedRegex(@"could not be converted to (?<type>[\w.]+?)\.?$")]
    private static partial Regex Conversion();
}
