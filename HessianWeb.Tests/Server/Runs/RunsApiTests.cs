using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>The REST surface against the real server and SQLite file, with no worker attached.</summary>
public sealed class RunsApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Posting_the_quickstart_example_creates_a_queued_run()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "examples", "quickstart.json"));
        var response = await server.Http.PostAsync("/api/runs", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/runs/{id}", response.Headers.Location?.OriginalString);

        var run = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        Assert.Equal("queued", run.GetProperty("status").GetString());
        Assert.Equal(109, run.GetProperty("parameterCount").GetInt64());
        Assert.Equal(4, run.GetProperty("spec").GetProperty("data").GetProperty("classes").GetInt32());

        var events = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/events?after=0");
        var first = Assert.Single(events.EnumerateArray());
        Assert.Equal(1, first.GetProperty("sequence").GetInt64());
        Assert.Equal("queued", first.GetProperty("status").GetProperty("status").GetString());
        Assert.Empty((await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/events?after=1")).EnumerateArray());
    }

    [Fact]
    public async Task An_invalid_spec_is_a_problem_details_400_naming_each_field_and_stores_nothing()
    {
        const string body = """{ "data": { "classes": 1 }, "training": { "learningRate": "NaN", "batchSize": 0 } }""";
        var response = await server.Http.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("data.classes", fields);
        Assert.Contains("training.learningRate", fields);
        Assert.Contains("training.batchSize", fields);
        Assert.Empty(await server.Listing.ListAsync());
    }

    [Theory]
    [InlineData("""{ "data": { "classes": "four" } }""", "data.classes")]
    [InlineData("""{ "model": { "activation": "swish" } }""", "model.activation")]
    [InlineData("""{ "name": "x", """, "spec")]
    [InlineData("", "spec")]
    [InlineData("""{ "": 0.1""", "spec")] // found by the API fuzz test: a property with no name was the key ''
    [InlineData("""{ "data": { "": [ }""", "data")]
    public async Task Malformed_json_is_a_400_that_names_where_it_broke(string body, string field)
    {
        var response = await server.Http.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await server.Listing.ListAsync());
    }

    [Theory]
    [InlineData("""{ "model": { "activation": "swish" } }""", "model.activation", "Use one of: relu, tanh")]
    [InlineData("""{ "analysis": { "reorthogonalisation": "sometimes" } }""", "analysis.reorthogonalisation", "Use one of: full, partial, selective")]
    [InlineData("""{ "data": { "classes": "four" } }""", "data.classes", "could not be converted to System.Int32")]
    public async Task A_choice_spelt_wrong_is_answered_with_the_names_it_accepts(string body, string field, string words)
    {
        var response = await server.Http.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains(words, message);
    }

    // Found by the API fuzz test (Api/Fuzz): the parameter binder answered these with a 400 that named no parameter
    // (and took an empty after= for one); after is now read as the listing reads its parameters.
    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("9223372036854775808")]
    [InlineData("1&after=2")]
    public async Task A_bad_after_is_a_problem_naming_after(string after)
    {
        var id = await server.PostRunAsync(new ExperimentSpec());

        var response = await server.Http.GetAsync($"/api/runs/{id}/events?after={after}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["after"], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("-1")]
    public async Task An_empty_or_negative_after_lists_every_event(string after)
    {
        var id = await server.PostRunAsync(new ExperimentSpec());

        var events = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/events?after={after}");

        Assert.Equal(1, Assert.Single(events.EnumerateArray()).GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Unknown_runs_are_404_problems()
    {
        var id = Guid.NewGuid();
        foreach (var path in new[] { $"/api/runs/{id}", $"/api/runs/{id}/spectra", $"/api/runs/{id}/events" })
        {
            var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(id.ToString(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_queued_run_cancelled_ends_as_cancelled_and_a_second_cancel_is_a_conflict()
    {
        var id = await server.PostRunAsync(new ExperimentSpec());
        var cancel = await server.Http.PostAsync($"/api/runs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var run = await server.Results.GetAsync(id);
        Assert.Equal(RunStatus.Cancelled, run!.Status);
        var events = await server.Results.GetEventsAsync(id);
        Assert.Equal(new long[] { 1, 2 }, events.Select(e => e.Sequence));

        var again = await server.Http.PostAsync($"/api/runs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_and_survive_a_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-restart-").FullName;
        try
        {
            Guid first, second;
            using (var before = new RunningServer(startLocalWorker: false, dataDirectory: dataDirectory))
            {
                first = await before.PostRunAsync(new ExperimentSpec { Name = "first" });
                second = await before.PostRunAsync(new ExperimentSpec { Name = "second" });
                var list = await before.Http.GetFromJsonAsync<JsonElement>("/api/runs");
                Assert.Equal(new[] { second, first }, list.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            }
            using var after = new RunningServer(startLocalWorker: false, dataDirectory: dataDirectory);
            var runs = await after.Listing.ListAsync();
            Assert.Equal(new[] { "second", "first" }, runs.Select(r => r.Name));
            Assert.All(runs, r => Assert.Equal(RunStatus.Queued, r.Status));
            Assert.Single(await after.Results.GetEventsAsync(first));
        }
        finally { Directory.Delete(dataDirectory, recursive: true); }
    }
}
