using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Runs.Analyses;

/// <summary><c>POST /api/runs/{id}/analyses</c>: what is refused and how, and what is queued (no worker attached).</summary>
public sealed class AnalysesApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    Task<HttpResponseMessage> PostAsync(Guid runId, string body) =>
        server.Http.PostAsync($"/api/runs/{runId}/analyses", new StringContent(body, Encoding.UTF8, "application/json"));

    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_completed_run_with_saved_weights_queues_analyses_labelled_by_checkpoint_and_count()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);

        var first = await PostAsync(run.Id, """{ "checkpoint": "end", "analysis": { "lanczosK": 3, "lanczosBottomK": 0 } }""");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var accepted = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("end·2", accepted.GetProperty("label").GetString());
        var id = accepted.GetProperty("analysisId").GetGuid();
        Assert.Equal($"/api/runs/{run.Id}/analyses/{id}", first.Headers.Location?.OriginalString);

        var second = await (await PostAsync(run.Id, """{ "checkpoint": "end" }""")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("end·3", second.GetProperty("label").GetString());
        var third = await (await PostAsync(run.Id, """{ "checkpoint": "init" }""")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("init·2", third.GetProperty("label").GetString());

        var listed = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/analyses");
        Assert.Equal(new[] { "end·2", "end·3", "init·2" }, listed.EnumerateArray().Select(a => a.GetProperty("label").GetString()));
        Assert.All(listed.EnumerateArray(), a => Assert.Equal("queued", a.GetProperty("status").GetString()));
        var one = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/analyses/{id}");
        Assert.Equal(3, one.GetProperty("analysis").GetProperty("lanczosK").GetInt32());
        // No analysis given: the run's own settings.
        Assert.Equal(10, listed[1].GetProperty("analysis").GetProperty("lanczosK").GetInt32());
        // Queued, not started: no worker, so the run stays completed.
        Assert.Equal(RunStatus.Completed, (await server.Results.GetAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task The_service_for_the_run_page_answers_as_the_api_does()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var analyses = server.Services.GetRequiredService<RunAnalyses>();

        var queued = await analyses.RequestAsync(run.Id, Checkpoints.End, new AnalysisSpec { LanczosK = 2, LanczosBottomK = 0 });
        Assert.True(queued.Accepted);
        Assert.Equal("end·2", queued.Analysis!.Label);

        var invalid = await analyses.RequestAsync(run.Id, Checkpoints.End, new AnalysisSpec { LanczosK = 0 });
        Assert.Equal(AnalysisRequestOutcome.Invalid, invalid.Outcome);
        Assert.Contains("analysis.lanczosK", invalid.Errors!.Keys);
        Assert.Equal(AnalysisRequestOutcome.RunNotFound, (await analyses.RequestAsync(Guid.NewGuid(), Checkpoints.End, null)).Outcome);
        Assert.Single(await analyses.ListAsync(run.Id));
    }

    [Fact]
    public async Task Unknown_runs_are_404_problems()
    {
        var id = Guid.NewGuid();
        var problem = await ProblemAsync(await PostAsync(id, """{ "checkpoint": "end" }"""), HttpStatusCode.NotFound);
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString());
        await ProblemAsync(await server.Http.GetAsync($"/api/runs/{id}/analyses/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Runs_that_have_not_completed_or_saved_no_weights_are_409_problems()
    {
        var queued = await server.PostRunAsync(new ExperimentSpec());
        var running = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        var failed = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        await server.Store.EndAsync(failed.Id, RunStatus.Failed, "broken");
        var noWeights = await FabricatedRun.CreateAsync(server.Store, server.Results, withArtifacts: false);

        foreach (var (id, says) in new[] { (queued, "queued"), (running.Id, "running"), (failed.Id, "failed"), (noWeights.Id, "saved no weights") })
        {
            var problem = await ProblemAsync(await PostAsync(id, """{ "checkpoint": "end" }"""), HttpStatusCode.Conflict);
            Assert.Contains(says, problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("""{ "checkpoint": "epoch-7" }""", "checkpoint", "init, end")]
    [InlineData("""{ "analysis": {} }""", "checkpoint", "init, end")]
    [InlineData("""{ "checkpoint": "end", "analysis": { "lanczosK": 0 } }""", "analysis.lanczosK", "between")]
    [InlineData("""{ "checkpoint": "end", "analysis": { "lanczosMaxSteps": 5 } }""", "analysis.lanczosMaxSteps", "at least")]
    [InlineData("""{ "checkpoint": "end", "analysis": { "sample": { "size": 1000 } } }""", "analysis.sample.size", "training size (100)")]
    [InlineData("""{ "checkpoint": "end", "analysis": { "density": { "probes": 0 } } }""", "analysis.density.probes", "between")]
    [InlineData("""{ "checkpoint": "end", "analysis": { "exact": "sometimes" } }""", "analysis.exact", "")]
    [InlineData("""{ "checkpoint": "end", "analysis": """, "analysis", "")]
    [InlineData("", "spec", "")]
    [InlineData("null", "checkpoint", "")]
    public async Task Invalid_requests_are_400_problems_naming_the_field(string body, string field, string says)
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var problem = await ProblemAsync(await PostAsync(run.Id, body), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), problem.ToString());
        Assert.Contains(says, messages[0].GetString());
        Assert.Empty(await server.AnalysisQueue.GetAnalysesAsync(run.Id));
    }
}
