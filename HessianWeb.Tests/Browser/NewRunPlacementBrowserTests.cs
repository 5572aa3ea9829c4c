using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Browser;

/// <summary>The New run form's device choice against the server's real local worker (a CPU one) over SignalR.</summary>
public sealed class NewRunPlacementBrowserTests() : BrowserSession(startLocalWorker: true)
{
    [Fact]
    public async Task A_run_asking_for_CUDA_is_refused_at_start_naming_the_workers_and_nothing_is_stored()
    {
        await Server.WaitForWorkerAsync();
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });

        await page.GotoAsync(new Uri(Server.BaseAddress, "/runs/new").ToString());
        await page.Locator("[data-interactive=true] [data-testid=field-device]").WaitForAsync();
        await page.Locator("[data-testid=field-device]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "CUDA" }).ClickAsync();
        // The choice is the circuit's once the select's input shows it (MudSelect puts the test id on its input).
        await page.WaitForFunctionAsync("() => document.querySelector('input[data-testid=field-device]')?.value === 'CUDA'");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("new-run-device.png") });
        await page.Locator("[data-testid=submit-run]").ClickAsync();

        var refusal = (await page.Locator("[data-testid=submit-error]").TextContentAsync())!.Trim();
        Assert.Equal("No connected worker has a CUDA device (workers: 'local' cpu).", refusal);
        Assert.EndsWith("/runs/new", page.Url);
        var runs = await Server.Http.GetAsync("/api/runs");
        Assert.Equal("0", runs.Headers.GetValues(HessianWeb.Server.Runs.Listing.RunListingApi.TotalCountHeader).Single());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("new-run-device-refused.png"), FullPage = true });
    }
}
