using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Client.Runs;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The class-structure panel and compare section in a real browser, on runs really computed (the worker's executor in
/// process, its reports stored as the worker would send them): the chart draws without an error and the table fills.
/// </summary>
public sealed class ClassStructureBrowserTests() : BrowserSession(startLocalWorker: false)
{
    [Fact]
    public async Task The_run_page_and_the_compare_page_show_the_class_term_beside_h_and_g()
    {
        var four = await ComputedRunAsync(new ExperimentSpec { Name = "4 blobs, decomposition", Analysis = new() { Decomposition = true } });
        var three = await ComputedRunAsync(new ExperimentSpec
        {
            Name = "3 blobs, decomposition",
            Data = new DataSpec { Classes = 3 },
            Analysis = new() { Decomposition = true },
        });
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/runs/{four}").ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=run-status]')?.textContent.trim() === 'completed'");
        // Four classes: four predicted values and two measured ones past them.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=class-structure-row]').length === 6");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-class-structure]')?.dataset.series === 4");
        var panel = page.Locator("[data-testid=class-structure-panel]");
        await panel.ScrollIntoViewIfNeededAsync();
        await panel.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("run-page-class-structure.png") });
        await page.Locator("[data-testid=toggle-log-class-structure]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=chart-class-structure] .apexcharts-yaxis-title-text')?.textContent.includes('log scale')");
        await panel.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("run-page-class-structure-log.png") });

        await page.GotoAsync(new Uri(Server.BaseAddress, $"/compare?runs={four},{three}").ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=compare-class-structure-row]').length === 2");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=chart-class-structure]')?.dataset.series === 4");
        var section = page.Locator("[data-testid=compare-class-structure]");
        await section.ScrollIntoViewIfNeededAsync();
        await section.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("compare-class-structure.png") });
        var predicted = await page.Locator("[data-testid=compare-class-eigenvalues]").AllTextContentsAsync();
        Assert.Equal([4, 3], predicted.Select(p => p.Split(", ").Length));

        Assert.Empty(errors);
    }

    /// <summary>Runs the spec through the worker's executor here and stores what it reported (artifacts aside) as its events.</summary>
    async Task<Guid> ComputedRunAsync(ExperimentSpec spec)
    {
        var run = await Server.Store.CreateAsync(spec);
        var reporter = new RecordingReporter();
        RecordedRun.Executor.Execute(spec, reporter, CancellationToken.None);
        var sequence = 1L;
        var events = reporter.Reports.Select(Payload).OfType<Func<RunEvent, RunEvent>>()
            .Select(payload => payload(new RunEvent { RunId = run.Id, Sequence = ++sequence, Kind = RunEventKind.Status })).ToList();
        await Server.Store.AppendAsync(events);
        return run.Id;
    }

    static Func<RunEvent, RunEvent>? Payload(object report) => report switch
    {
        StatusChange s => e => e with { Kind = RunEventKind.Status, Status = s },
        EpochMetrics m => e => e with { Kind = RunEventKind.Epoch, Epoch = m },
        SpectrumResult s => e => e with { Kind = RunEventKind.Spectrum, Spectrum = s },
        DensityResult d => e => e with { Kind = RunEventKind.Density, Density = d },
        TraceResult t => e => e with { Kind = RunEventKind.Trace, Trace = t },
        OutlierResult o => e => e with { Kind = RunEventKind.Outliers, Outliers = o },
        ClassStructureResult c => e => e with { Kind = RunEventKind.ClassStructure, ClassStructure = c },
        _ => null, // Lanczos steps and artifacts: not what these pages are about
    };
}
