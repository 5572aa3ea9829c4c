using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>CNN specs through the REST surface (real server and SQLite file, no worker attached).</summary>
public sealed class CnnApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_lenet_example_is_stored_with_its_cnns_parameter_count()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "examples", "lenet-fashion-mnist.json"));
        var response = await server.Http.PostAsync("/api/runs", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var run = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        // conv 1→6: 156; conv 6→16: 2,416; 16·4·4 = 256 → 32: 8,224; 32 → 10: 330.
        Assert.Equal(11_126, run.GetProperty("parameterCount").GetInt64());
        var model = run.GetProperty("spec").GetProperty("model");
        Assert.Equal("cnn", model.GetProperty("kind").GetString());
        Assert.Equal([6, 16], model.GetProperty("convChannels").EnumerateArray().Select(c => c.GetInt32()));
    }

    [Fact]
    public async Task A_cnn_on_blobs_is_a_400_naming_the_model_kind()
    {
        const string body = """{ "model": { "kind": "cnn" } }""";
        var response = await server.Http.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").GetProperty("model.kind").EnumerateArray());
        Assert.StartsWith("A CNN needs images", error.GetString());
        Assert.Empty(await server.Listing.ListAsync());
    }
}
