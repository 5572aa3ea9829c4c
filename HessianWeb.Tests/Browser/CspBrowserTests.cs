using HessianWeb.Shared.Specs;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The dashboard under its Content-Security-Policy (Access/SecurityHeaders) in Chromium: the compare page's charts draw,
/// the circuit runs over a WebSocket, a chart downloads as PNG and SVG, and the browser reports no violation.
/// </summary>
public sealed class CspBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task Charts_draw_and_download_under_the_policy_without_a_violation()
    {
        var ids = new List<Guid>();
        foreach (var sharpness in new[] { 1.0, 0.6 })
        {
            var run = await Server.Store.CreateAsync(new ExperimentSpec { Analysis = new() { Decomposition = true, EveryEpochs = 50 } });
            await Server.Store.AppendAsync(SyntheticCurvatureRun.Events(run.Id, sharpness));
            ids.Add(run.Id);
        }
        var context = await SignedInContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        // Listening from the document's first script on, so a violation during start-up is caught too.
        await context.AddInitScriptAsync("""
            window.cspViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
            """);
        var page = await context.NewPageAsync();
        var reported = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) reported.Add(message.Text); };
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/compare?runs={string.Join(",", ids)}").ToString());

        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-density]')?.dataset.series === 2");
        await page.Locator("[data-testid=chart-density] svg.apexcharts-svg").WaitForAsync();
        Assert.Contains(sockets, url => url.Contains("/_blazor"));
        var png = await File.ReadAllBytesAsync(await (await ExportAsync(page, "density", "png")).PathAsync());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        var svg = await File.ReadAllTextAsync(await (await ExportAsync(page, "density", "svg")).PathAsync());
        Assert.Contains("<svg", svg);

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.cspViolations"));
        Assert.Empty(reported);
    }

    static async Task<IDownload> ExportAsync(IPage page, string chart, string format)
    {
        await page.Locator($"[data-testid=export-{chart}] button").ClickAsync();
        return await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid=export-{chart}-{format}]").ClickAsync());
    }
}
