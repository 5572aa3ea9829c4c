using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Access;

/// <summary>A page and an API answer carry the security headers; the page's inline import map is allowed by its own hash.</summary>
public sealed partial class SecurityHeadersTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/api/runs")]
    public async Task Every_answer_carries_the_headers(string path)
    {
        using var response = await server.Http.GetAsync(path);

        var policy = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.StartsWith("'self'", policy["script-src"]);
        Assert.Equal("'self' 'unsafe-inline'", policy["style-src"]);
        Assert.Equal("'self' data: blob:", policy["img-src"]);
        Assert.Equal("'self' data:", policy["font-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal(10, policy.Count);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
    }

    [Fact]
    public async Task A_page_allows_its_import_map_by_hash_and_no_other_inline_script()
    {
        using var response = await server.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var map = ImportMap().Match(html);
        Assert.True(map.Success, "The page rendered no import map.");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.Groups[1].Value)));
        Assert.Equal($"'self' 'sha256-{hash}'", Directives(Header(response, "Content-Security-Policy"))["script-src"]);
        // Every other script on the page is a file of this origin.
        Assert.All(Scripts().Matches(html).Where(s => !s.Value.Contains("importmap")), s => Assert.Contains(" src=", s.Value));

        using var api = await server.Http.GetAsync("/api/runs");
        Assert.Equal("'self'", Directives(Header(api, "Content-Security-Policy"))["script-src"]);
    }

    static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));

    static Dictionary<string, string> Directives(string policy) => policy.Split(';', StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', 2)).ToDictionary(d => d[0], d => d[1]);

    [GeneratedRegex("""<script type="importmap">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    [GeneratedRegex("<script[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Scripts();
}
