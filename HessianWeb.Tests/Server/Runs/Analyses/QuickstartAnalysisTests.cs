using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs.Analyses;

/// <summary>A new analysis of the real worker's saved "end" weights, over the real hub.</summary>
public sealed class QuickstartAnalysisTests(CompletedQuickstart quickstart) : IClassFixture<CompletedQuickstart>
{
    [Fact]
    public async Task A_new_analysis_of_the_end_weights_reports_spectra_under_its_label_and_the_run_completes_again()
    {
        var server = quickstart.Server;
        var before = await server.Results.GetSpectraAsync(quickstart.Id);
        var endExact = before.Single(s => s.Checkpoint == Checkpoints.End && s.Method == SpectrumMethods.Exact && s.Operator == CurvatureOperators.Hessian);

        var reopened = server.WaitForRunAsync(quickstart.Id, r => r.Status == RunStatus.Running);
        var response = await server.Http.PostAsync($"/api/runs/{quickstart.Id}/analyses", new StringContent(
            """{ "checkpoint": "end", "analysis": { "lanczosK": 4, "lanczosBottomK": 2, "lanczosMaxSteps": 109, "exact": "never", "density": { "enabled": false }, "trace": { "enabled": false } } }""",
            Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var label = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString();
        Assert.Equal("end·2", label);
        await reopened;

        var run = await server.WaitForRunAsync(quickstart.Id, r => r.Status == RunStatus.Completed, TimeSpan.FromMinutes(2));
        Assert.True(run.Error is null, run.Error);
        var lanczos = (await server.Results.GetSpectraAsync(quickstart.Id)).Single(s => s.Checkpoint == label && s.Method == SpectrumMethods.Lanczos && s.Operator == CurvatureOperators.Hessian);
        Assert.Equal(4, lanczos.Eigenvalues.Length);
        // The same weights and data: the top eigenvalues agree with the run's own exact spectrum at "end".
        for (var i = 0; i < 4; i++)
            Assert.True(Math.Abs(lanczos.Eigenvalues[i] - endExact.Eigenvalues[i]) <= 1e-6 * Math.Abs(endExact.Eigenvalues[0]),
                $"λ{i + 1}: {lanczos.Eigenvalues[i]:R} vs exact {endExact.Eigenvalues[i]:R}");

        var events = await server.Results.GetEventsAsync(quickstart.Id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        var analyses = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{quickstart.Id}/analyses");
        Assert.Equal("completed", analyses[0].GetProperty("status").GetString());
    }
}
