using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Sweeps;

/// <summary>The sweep endpoints against the real server and SQLite file, with no worker attached: runs stay queued.</summary>
public sealed class SweepsApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    Task<HttpResponseMessage> PostAsync(string body) =>
        server.Http.PostAsync("/api/sweeps", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Posting_a_sweep_queues_one_run_per_grid_point_in_grid_order_with_its_axis_values()
    {
        var response = await PostAsync("""
            { "name": "k and seed", "preset": "paper-outliers-vs-classes", "base": { "training": { "epochs": 10 } },
              "axes": [ { "path": "data.classes", "values": [2, 3] }, { "path": "training.seed", "values": [0, 1, 2] } ] }
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(6, created.GetProperty("runs").GetInt32());
        Assert.Equal($"/api/sweeps/{id}", response.Headers.Location?.OriginalString);

        var sweep = await server.Http.GetFromJsonAsync<JsonElement>($"/api/sweeps/{id}");
        Assert.Equal("k and seed", sweep.GetProperty("name").GetString());
        Assert.Equal("paper-outliers-vs-classes", sweep.GetProperty("preset").GetString());
        Assert.Equal(6, sweep.GetProperty("counts").GetProperty("queued").GetInt32());
        var runs = sweep.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(new[] { (2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2) },
            runs.Select(r => (r.GetProperty("axes").GetProperty("data.classes").GetInt32(), r.GetProperty("axes").GetProperty("training.seed").GetInt32())));
        Assert.All(runs, r => Assert.Equal("queued", r.GetProperty("status").GetString()));
        Assert.All(runs, r => Assert.False(r.TryGetProperty("outliers", out _), "no outliers before analysis"));

        // Each is an ordinary run too, with the point's spec; the scheduler will take them oldest first, i.e. in grid order.
        var fourth = await server.Results.GetAsync(runs[3].GetProperty("id").GetGuid());
        Assert.Equal((3, 0, 10), (fourth!.Spec.Data.Classes, fourth.Spec.Training.Seed, fourth.Spec.Training.Epochs));
        Assert.Equal("k and seed · classes = 3, seed = 0", fourth.Name);
        var listed = await server.Listing.ListAsync();
        Assert.Equal(runs.Select(r => r.GetProperty("id").GetGuid()).Reverse(), listed.Select(r => r.Id));
        Assert.Equal(runs[0].GetProperty("id").GetGuid(), (await server.Queue.NextUnassignedAsync())!.Id);

        var all = await server.Http.GetFromJsonAsync<JsonElement>("/api/sweeps");
        var item = Assert.Single(all.EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal(6, item.GetProperty("runCount").GetInt32());
    }

    [Theory]
    [InlineData("""{ "axes": [ { "path": "data.clases", "values": [2] } ] }""", "axes[0].path", "data.clases")]
    [InlineData("""{ "axes": [ { "path": "training.seed", "values": [0] }, { "path": "data.classes", "values": [2, 101] } ] }""", "axes[1].values[1]", "data.classes")]
    [InlineData("""{ "axes": [ { "path": "model.activation", "values": ["swish"] } ] }""", "axes[0].values[0]", "model.activation")]
    [InlineData("""{ "base": { "training": { "learningRate": 0 } }, "axes": [ { "path": "training.seed", "values": [0] } ] }""", "base.training.learningRate", "learning rate")]
    [InlineData("""{ "axes": [] }""", "axes", "at least one axis")]
    [InlineData("""{ "axes": [ { "path": "data.classes", "values": 3 } ] }""", "axes[0].values", "could not be converted")]
    [InlineData("""{ "name": "x", """, "spec", "")]
    public async Task A_bad_sweep_is_a_problem_details_400_naming_the_axis_and_the_field_error_and_stores_nothing(string body, string key, string text)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out var messages), problem.ToString());
        Assert.Contains(text, messages[0].GetString());
        Assert.Empty(await server.Listing.ListAsync());
        Assert.Empty(await server.Sweeps.ListAsync());
    }

    [Fact]
    public async Task An_unknown_sweep_is_a_404_problem()
    {
        var id = Guid.NewGuid();
        foreach (var response in new[] { await server.Http.GetAsync($"/api/sweeps/{id}"), await server.Http.PostAsync($"/api/sweeps/{id}/cancel", null) })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(id.ToString(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Cancelling_a_sweep_ends_every_run_not_yet_ended()
    {
        var response = await PostAsync("""{ "axes": [ { "path": "training.seed", "values": [0, 1, 2] } ] }""");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var first = (await server.Sweeps.GetAsync(id))!.Runs[0].Id;
        await server.Http.PostAsync($"/api/runs/{first}/cancel", null);

        var cancel = await server.Http.PostAsync($"/api/sweeps/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(2, (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetInt32());
        var sweep = await server.Sweeps.GetAsync(id);
        Assert.All(sweep!.Runs, r => Assert.Equal(RunStatus.Cancelled, r.Status));
        Assert.Equal(3, sweep.Counts[RunStatus.Cancelled]);
    }

    [Theory]
    [InlineData("paper-outliers-vs-classes.json")]
    [InlineData("paper-outliers-vs-separability.json")]
    [InlineData("paper-bulk-vs-parameters.json")]
    [InlineData("paper-bulk-vs-parameters-blobs.json")]
    [InlineData("paper-gauss-newton.json")]
    [InlineData("paper-large-vs-small-batch.json")]
    public async Task Each_preset_in_examples_is_accepted(string file)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "examples", file));
        var response = await PostAsync(json);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var sweep = await server.Sweeps.GetAsync(id);
        Assert.StartsWith(sweep!.Preset!, Path.GetFileNameWithoutExtension(file));
        Assert.All(sweep.Runs, r => Assert.Equal(RunStatus.Queued, r.Status));
        Assert.True(sweep.Runs.Count >= 2);
    }

    // Found by the API fuzz test (Api/Fuzz): the base, a JsonObject, threw on its repeated key when first enumerated (a 500
    // once the base was walked for the text below; before, the last key silently won).
    [Fact]
    public async Task A_key_given_twice_in_the_base_is_a_400_naming_it()
    {
        var response = await PostAsync("""{ "base": { "model": { "kind": "mlp", "kind": "cnn" } }, "axes": [ { "path": "data.classes", "values": [2, 3] } ] }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("given twice", errors.GetProperty("base.model")[0].GetString());
        Assert.Empty(await server.Listing.ListAsync());
    }

    // Found by the API fuzz test (Api/Fuzz): such text is read into the sweep's JSON and threw (a 500) when written back out.
    [Theory]
    [InlineData("""{ "base": { "name": "a\ud800" }, "axes": [ { "path": "data.classes", "values": [2, 3] } ] }""", "base.name")]
    [InlineData("""{ "base": { "data": { "x\udfff": 1 } }, "axes": [ { "path": "data.classes", "values": [2, 3] } ] }""", "base.data")]
    [InlineData("""{ "axes": [ { "path": "name", "values": ["a", ["\udc00"]] } ] }""", "axes[0].values[1][0]")]
    public async Task Text_that_is_no_valid_unicode_is_a_400_naming_where_it_is_and_creates_nothing(string body, string field)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("lone surrogate", errors.GetProperty(field)[0].GetString());
        Assert.Empty(await server.Listing.ListAsync());
    }
}
