using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components;
using HessianWeb.Server.Export;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Workers;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddRuns();
builder.AddWorkers();
builder.AddExport();
builder.AddComparison();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();

var app = builder.Build();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRunsApi();
app.MapAnalysesApi();
app.MapInterpolationsApi();
app.MapSweepsApi();
app.MapExportApi();
app.MapComparisonApi();
app.MapWorkers();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
