using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs.Interpolations;

/// <summary><c>POST /api/runs/{id}/interpolations</c>: what is refused and how, and what is queued (no worker attached).</summary>
public sealed class InterpolationsApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    Task<HttpResponseMessage> PostAsync(Guid runId, string body) =>
        server.Http.PostAsync($"/api/runs/{runId}/interpolations", new StringContent(body, Encoding.UTF8, "application/json"));

    static async Task<string> AcceptedLabelAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString()!;
    }

    static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task Lines_within_a_run_and_to_a_run_of_the_same_architecture_are_queued_as_analyses_with_unique_labels()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var other = await FabricatedRun.CreateAsync(server.Store, server.Results);

        Assert.Equal("init→end", await AcceptedLabelAsync(await PostAsync(run.Id, """{ "from": { "checkpoint": "init" }, "to": { "checkpoint": "end" } }""")));
        Assert.Equal("init→end·2", await AcceptedLabelAsync(await PostAsync(run.Id, "{}")));
        var shortId = other.Id.ToString("N")[..8];
        Assert.Equal($"end→{shortId}/end", await AcceptedLabelAsync(await PostAsync(run.Id,
            $$"""{ "from": { "checkpoint": "end" }, "to": { "run": "{{other.Id}}", "checkpoint": "end" }, "points": 5, "alphaMin": 0, "alphaMax": 1, "topEigenvalue": true }""")));

        var analyses = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/analyses");
        Assert.Equal(["init→end", "init→end·2", $"end→{shortId}/end"], analyses.EnumerateArray().Select(a => a.GetProperty("label").GetString()));
        Assert.Empty((await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.Id}/interpolations")).EnumerateArray());
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """{ "from": { "checkpoint": "lb:end" } }""", "from.checkpoint", "saved weights at: init, end" },
        { """{ "to": { "checkpoint": " " } }""", "to.checkpoint", "Name a checkpoint of this run: init, end" },
        { """{ "from": { "checkpoint": "end" }, "to": { "checkpoint": "end" } }""", "to.checkpoint", "the same checkpoint" },
        { """{ "points": 1 }""", "points", "between 2 and 1,001" },
        { """{ "alphaMin": 1, "alphaMax": 0.5 }""", "alphaMax", "above α min" },
        { """{ "to": { "run": "0193aaaa-0000-7000-8000-000000000000", "checkpoint": "end" } }""", "to.run", "There is no run 0193aaaa-0000-7000-8000-000000000000" },
        { """{ "points": "many" }""", "points", "could not be converted" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_a_400_naming_the_field(string body, string field, string says)
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);

        var errors = await ErrorsAsync(await PostAsync(run.Id, body));

        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains(says, errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_run_with_other_data_or_another_model_is_refused_saying_what_differs()
    {
        var run = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var wider = await server.Store.CreateAsync(new ExperimentSpec { Model = new ModelSpec { HiddenWidths = [20, 5], Seed = 3 }, Data = new DataSpec { Seed = 1 } });

        var errors = await ErrorsAsync(await PostAsync(run.Id, $$"""{ "to": { "run": "{{wider.Id}}", "checkpoint": "end" } }"""));

        var message = errors.GetProperty("to.run")[0].GetString()!;
        Assert.Contains("model.hiddenWidths ([10,5] here, [20,5] there)", message);
        Assert.Contains("data.seed (0 here, 1 there)", message);
        Assert.DoesNotContain("model.seed", message); // the initialisation only chooses where training starts
    }

    [Fact]
    public async Task An_unknown_run_is_a_404_and_a_run_still_going_a_409()
    {
        var unknown = Guid.CreateVersion7();
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(unknown, "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"/api/runs/{unknown}/interpolations")).StatusCode);

        var running = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false);
        var response = await PostAsync(running.Id, "{}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("this run is running", await response.Content.ReadAsStringAsync());
    }
}
