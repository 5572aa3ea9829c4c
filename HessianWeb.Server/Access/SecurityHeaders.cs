using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Access;

/// <summary>
/// The headers every response carries: a Content-Security-Policy as strict as Blazor's circuit, MudBlazor and the
/// ApexCharts charts allow, and the browser's other defences turned on.
/// </summary>
public static class SecurityHeaders
{
    // Scripts come from this origin only: apexcharts.min.js, blazor.web.js, MudBlazor.min.js and wwwroot/js/ (none of
    // them evals or sets inline handlers). The one inline script is App.razor's <ImportMap/>, allowed by its hash below.
    // Styles need 'unsafe-inline': MudBlazor renders style attributes and ApexCharts inserts its own <style> elements and
    // styles the chart's SVG inline. data: and blob: images: ApexCharts draws a chart into a canvas through a data: SVG
    // for the PNG download (charts.js exportImage), and the <link rel="icon"> is a data: URL. connect-src 'self' covers
    // the circuit's WebSocket: CSP Level 3 lets 'self' match ws:/wss: on the same host (CspBrowserTests opens one).
    const string Directives =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    const string WithoutImportMap = $"script-src 'self'; {Directives}";

    // A page endpoint's import map is built once from the static assets' manifest; its policy is worked out once too.
    static readonly ConditionalWeakTable<ImportMapDefinition, string> withImportMap = [];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is { } map
            ? withImportMap.GetValue(map, Allowing)
            : WithoutImportMap;
        headers.XContentTypeOptions = "nosniff";
        // Share links carry their token in the address (?share=…): no referrer, so a link followed from a page cannot leak it.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    });

    /// <summary>
    /// The policy for a page whose &lt;ImportMap/&gt; renders <paramref name="map"/>: the component writes the map's JSON
    /// as the script's text (its ToString), so the hash is of that text, and follows the assets whenever they change.
    /// </summary>
    static string Allowing(ImportMapDefinition map)
    {
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.ToString())));
        return $"script-src 'self' 'sha256-{hash}'; {Directives}";
    }
}
