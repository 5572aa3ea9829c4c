using System.Net.Http.Headers;
using System.Text;

namespace HessianWeb.Tests.Fuzz;

/// <summary>One request the fuzz test sends: method, path with query string, and the body's exact bytes and content type.</summary>
public sealed record FuzzInput(HttpMethod Method, string Target, byte[]? Body = null, string? ContentType = null)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, new Uri(Target, UriKind.Relative));
        if (Body is null) return request;
        request.Content = new ByteArrayContent(Body);
        // Garbage content types are part of the fuzz, so they skip HttpClient's own header validation.
        if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        else request.Content.Headers.ContentType = null;
        return request;
    }

    /// <summary>The request as text a failing test prints: the body as UTF-8 with controls escaped, or base64 if it is not UTF-8.</summary>
    public string Describe(int maxBodyChars = 2_000)
    {
        var text = new StringBuilder($"{Method} {Target}");
        if (Body is null) return text.ToString();
        text.Append($"\n  Content-Type: {ContentType ?? "(none)"}\n  body ({Body.Length:N0} bytes): ");
        string shown;
        try { shown = Escape(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Body)); }
        catch (DecoderFallbackException) { shown = "base64:" + Convert.ToBase64String(Body); }
        text.Append(shown.Length <= maxBodyChars ? shown : shown[..maxBodyChars] + $"… ({shown.Length:N0} chars)");
        return text.ToString();
    }

    static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return escaped.ToString();
    }
}
