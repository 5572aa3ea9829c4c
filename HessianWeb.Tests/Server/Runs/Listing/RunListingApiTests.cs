using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs.Listing;

/// <summary>GET /api/runs with paging and filters, PATCH and DELETE /api/runs/{id}, against the real server and SQLite file.</summary>
public sealed class RunListingApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_page_of_runs_comes_with_the_total_count_in_a_header()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma" }) await server.PostRunAsync(new ExperimentSpec { Name = name });

        var response = await server.Http.GetAsync("/api/runs?pageSize=2&page=1&sort=name");
        var names = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("name").GetString());

        Assert.Equal(["alpha", "beta"], names);
        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Bad_query_parameters_are_a_problem_naming_each_parameter()
    {
        var response = await server.Http.GetAsync("/api/runs?page=0&sort=speed&status=done&from=28.06.2026");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["from", "page", "sort", "status"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("'done' is not a run status", errors.GetProperty("status")[0].GetString());
    }

    // Found by the API fuzz test (Api/Fuzz): a repeated sort arrives joined, "outliers,parameters", which Enum.TryParse
    // read as flags (8 | 3 = 11, no key) and the store's sort threw on: a 500.
    [Theory]
    [InlineData("/api/runs?sort=outliers&sort=parameters", "sort")]
    [InlineData("/api/runs?sort=3", "sort")]
    [InlineData("/api/runs?status=queued&status=1", "status")]
    public async Task A_repeated_or_numeric_sort_or_status_is_a_problem_naming_it(string url, string field)
    {
        var response = await server.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    // Found by the API fuzz test: the day after 9999-12-31 does not exist, and computing it was a 500.
    [Fact]
    public async Task The_last_day_there_is_bounds_nothing()
    {
        await server.PostRunAsync(new ExperimentSpec { Name = "today" });

        Assert.Equal(["today"], await NamesAsync("/api/runs?from=0001-01-01&to=9999-12-31"));
    }

    [Fact]
    public async Task Patch_sets_tags_note_and_archived_and_the_list_filters_by_them()
    {
        var id = await server.PostRunAsync(new ExperimentSpec { Name = "tagged" });
        await server.PostRunAsync(new ExperimentSpec { Name = "plain" });

        var patched = await PatchAsync(id, """{ "tags": ["paper", " fig-3 ", "paper"], "note": "**why** this run" }""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var run = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["paper", "fig-3"], run.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("**why** this run", run.GetProperty("note").GetString());

        Assert.Equal(["tagged"], await NamesAsync("/api/runs?tag=fig-3"));
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(id, """{ "archived": true }""")).StatusCode);
        Assert.Equal(["plain"], await NamesAsync("/api/runs"));
        Assert.Equal(["tagged"], await NamesAsync("/api/runs?archived=true"));
        // Archiving left the tags and note alone.
        Assert.Equal(["paper", "fig-3"], (await server.Results.GetAsync(id))!.Tags);
    }

    [Fact]
    public async Task Patch_with_a_bad_tag_or_an_unknown_run_is_refused_and_changes_nothing()
    {
        var id = await server.PostRunAsync(new ExperimentSpec { Name = "kept" });

        var bad = await PatchAsync(id, """{ "tags": ["ok", "a|b"], "archived": true }""");
        var unknown = await PatchAsync(Guid.NewGuid(), """{ "archived": true }""");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("tags[1]", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.False((await server.Results.GetAsync(id))!.Archived);
    }

    [Fact]
    public async Task Delete_removes_an_ended_run_and_refuses_a_queued_one()
    {
        var ended = await FabricatedRun.CreateAsync(server.Store, server.Results);
        var queued = await server.PostRunAsync(new ExperimentSpec { Name = "waiting" });

        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/runs/{ended.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"/api/runs/{ended.Id}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "runs", ended.Id.ToString())));
        Assert.Equal(HttpStatusCode.Conflict, (await server.Http.DeleteAsync($"/api/runs/{queued}")).StatusCode);
    }

    Task<HttpResponseMessage> PatchAsync(Guid id, string json) =>
        server.Http.PatchAsync($"/api/runs/{id}", new StringContent(json, Encoding.UTF8, "application/json"));

    async Task<IReadOnlyList<string?>> NamesAsync(string url) =>
        (await server.Http.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
}
