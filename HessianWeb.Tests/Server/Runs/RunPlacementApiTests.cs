using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>
/// Work no connected worker could hold is refused when it is submitted (a 422 problem saying why), against the real
/// server with test workers that report their device and memory; with no worker known, work waits in the queue as before.
/// </summary>
public sealed class RunPlacementApiTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    // The quickstart's vectors and Lanczos basis: 109 parameters × 1,008 bytes (PlacementTests).
    const long QuickstartBytes = 109_872;

    Task<FakeWorker> WorkerAsync(string name, string device, long? memory) =>
        FakeWorker.ConnectAsync(server, Guid.NewGuid(), capacity: (name, device, memory));

    Task<HttpResponseMessage> PostAsync(string path, object body) =>
        server.Http.PostAsync(path, JsonContent.Create(body, options: JsonFormat.Options));

    static async Task<string?> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
    }

    [Fact]
    public async Task A_run_too_large_for_every_worker_is_refused_naming_the_largest_and_nothing_is_stored()
    {
        await using var small = await WorkerAsync("small", "cpu", 20_000);
        await using var largest = await WorkerAsync("gpu-07", "cuda:0 (NVIDIA A100)", 80_000);

        var detail = await RefusalAsync(await PostAsync("/api/runs", new ExperimentSpec()));

        Assert.Equal("No worker can hold this run: it needs about 110 kB for its vectors and Lanczos basis; the largest worker, 'gpu-07', has 80.0 kB.", detail);
        Assert.Empty(await server.Listing.ListAsync());
    }

    [Fact]
    public async Task A_run_asking_for_a_device_no_worker_has_is_refused_listing_the_workers()
    {
        await using var cpu = await WorkerAsync("cpu-1", "cpu", null);

        var detail = await RefusalAsync(await PostAsync("/api/runs", new ExperimentSpec { Device = DeviceKind.Cuda }));

        Assert.Equal("No connected worker has a CUDA device (workers: 'cpu-1' cpu).", detail);
        Assert.Empty(await server.Listing.ListAsync());
    }

    [Fact]
    public async Task A_run_that_fits_a_worker_is_queued_and_given_to_it()
    {
        await using var fits = await WorkerAsync("gpu-08", "cuda:0 (NVIDIA H200)", QuickstartBytes);

        var response = await PostAsync("/api/runs", new ExperimentSpec { Device = DeviceKind.Cuda });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(id, (await fits.NextRunAsync()).RunId);
    }

    [Fact]
    public async Task With_no_worker_known_any_valid_run_is_queued()
    {
        var id = await server.PostRunAsync(new ExperimentSpec { Device = DeviceKind.Cuda });

        var run = (await server.Results.GetAsync(id))!;
        Assert.Equal(HessianWeb.Shared.Runs.RunStatus.Queued, run.Status);
        Assert.Equal(DeviceKind.Cuda, run.Spec.Device);
    }

    [Fact]
    public async Task A_sweep_with_a_point_no_worker_can_hold_is_refused_naming_the_point_and_nothing_is_stored()
    {
        await using var worker = await WorkerAsync("only", "cpu", 200_000);
        const string sweep = """
            { "name": "widths", "axes": [ { "path": "model.hiddenWidths", "values": [[10, 5], [200]] } ] }
            """;

        var response = await server.Http.PostAsync("/api/sweeps", new StringContent(sweep, Encoding.UTF8, "application/json"));

        // [200]: (2 + 1)·200 + (200 + 1)·4 = 1,404 parameters × 1,008 bytes.
        Assert.Equal("Grid point 1 (hiddenWidths = [200]): No worker can hold this run: it needs about 1.4 MB for its vectors and Lanczos basis; the largest worker, 'only', has 200 kB.",
            await RefusalAsync(response));
        Assert.Empty(await server.Sweeps.ListAsync());
        Assert.Empty(await server.Listing.ListAsync());
    }
}
