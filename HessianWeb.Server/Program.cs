using HessianWeb.Server.Access;
using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components;
using HessianWeb.Server.Diagnostics;
using HessianWeb.Server.Export;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Fanout;
using HessianWeb.Server.Runs.Fanout.Bench;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Uploads;
using HessianWeb.Server.Seeding;
using HessianWeb.Server.Workers;
using MudBlazor.Services;

// `load`: two server processes on one store, workers and viewers in Chromium on live runs; prints lag, memory and CPU (Diagnostics/).
if (LoadOptions.ParseOrExit(args) is { } load)
{
    Environment.ExitCode = await LoadCommand.RunAsync(load, Console.Out);
    return;
}

// `fanout-bench`: time the run-event relay's messages over Redis pub/sub and PostgreSQL NOTIFY (Runs/Fanout/Bench); no server.
if (FanoutBenchOptions.ParseOrExit(args) is { } fanoutBench)
{
    await FanoutBench.RunAsync(fanoutBench, Console.Out);
    return;
}

// `seed`: fill a store, then time the home page on this very app built over it (Seeding/SeedCommand).
var seeding = SeedOptions.ParseOrExit(args);
if (seeding is not null) await SeedCommand.SeedAsync(seeding, Console.Out);

// `live-load`: open run pages in Chromium while runs emit events fast, and print render rates and lag (Diagnostics/).
var liveLoad = seeding is null ? LiveLoadOptions.ParseOrExit(args) : null;
// `page-load`: store runs of given lengths, open their pages in Chromium, and print how long each takes to open (Diagnostics/).
var pageLoad = seeding is null && liveLoad is null ? PageLoadOptions.ParseOrExit(args) : null;

var builder = WebApplication.CreateBuilder(seeding?.ServerArgs() ?? liveLoad?.ServerArgs() ?? pageLoad?.ServerArgs() ?? args);
builder.AddRuns();
builder.AddAccess();
builder.AddWorkers();
builder.AddFanout();
builder.AddExport();
builder.AddComparison();
builder.AddUploads();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();
// What the pages and the notifier time their intervals by; tests put a clock they step by hand here.
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseAccess();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapAccess();
app.MapRunsApi();
app.MapAnalysesApi();
app.MapInterpolationsApi();
app.MapSweepsApi();
app.MapExportApi();
app.MapComparisonApi();
app.MapDiagnosticsApi();
app.MapUploadsApi();
app.MapWorkers();
// Each page names its own policy too (Tests/Server/Access/AccessMatrixTests); the circuit's connection needs a signed-in principal.
// No second Content-Security-Policy of Blazor's (frame-ancestors 'self'): Access/SecurityHeaders sends frame-ancestors 'none'.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).RequireAuthorization(Policies.Connected);
if (seeding is not null) await SeedCommand.MeasureAsync(app, seeding, Console.Out);
else if (liveLoad is not null) await LiveLoadCommand.RunAsync(app, liveLoad, Console.Out);
else if (pageLoad is not null) await PageLoadCommand.RunAsync(app, pageLoad, Console.Out);
else app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
