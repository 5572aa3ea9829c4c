using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary>The submit-time check of a spec's uploads (Server/Uploads/UploadedFiles) through <c>POST /api/runs</c> and sweeps.</summary>
public sealed class UploadedFilesTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);
    readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("hessianweb-uploads-");

    public void Dispose()
    {
        server.Dispose();
        scratch.Delete(recursive: true);
    }

    [Fact]
    public async Task A_sequential_model_on_tensors_data_is_stored_with_the_files_sizes_and_parameter_count()
    {
        var (data, layers, weights) = await UploadAllAsync(new ExperimentSpec { Data = new DataSpec { Classes = 3 } });

        var id = await server.PostRunAsync(Spec(data, layers, weights));

        var run = await server.Http.GetRunAsync(id);
        Assert.Equal((2, 3, 12, 6), (run.Spec.Data.InputDim, run.Spec.Data.Classes, run.Spec.Data.TrainSize, run.Spec.Data.TestSize));
        // 2 → 10 → 5 → 3: 30 + 55 + 18.
        Assert.Equal(103, run.Spec.Model.ParameterCount);
        Assert.Equal(103, run.ParameterCount);
    }

    [Fact]
    public async Task The_runs_assignment_names_its_uploads_for_the_worker_to_download()
    {
        var (data, layers, weights) = await UploadAllAsync(new ExperimentSpec { Data = new DataSpec { Classes = 3 } });
        await using var worker = await FakeWorker.ConnectAsync(server);

        var id = await server.PostRunAsync(Spec(data, layers, weights));

        var assignment = await worker.NextRunAsync();
        Assert.Equal(id, assignment.RunId);
        var stored = await server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options);
        Assert.Equal(
            stored!.Select(u => new UploadReference(u.Id, u.Kind, u.Sha256, u.Bytes)).OrderBy(u => u.Id),
            assignment.Uploads.OrderBy(u => u.Id));
        Assert.Equal([UploadKind.Safetensors, UploadKind.Safetensors, UploadKind.Layers], assignment.Uploads.Select(u => u.Kind).Order());
    }

    [Fact]
    public async Task Uploads_of_the_wrong_kind_or_none_at_all_are_422s_naming_the_field_and_store_nothing()
    {
        var (data, layers, weights) = await UploadAllAsync(new ExperimentSpec { Data = new DataSpec { Classes = 3 } });

        var swapped = await ProblemAsync(Spec(data: layers, layers: data, weights));
        Assert.Contains("a layer list; data must be a safetensors or .npz file", Single(swapped, "data.file"));
        Assert.Contains("blobs.safetensors is a safetensors file; a sequential model needs a layer list", Single(swapped, "model.file"));

        var missing = Guid.NewGuid();
        Assert.Contains($"There is no upload {missing}", Single(await ProblemAsync(Spec(missing, layers, weights)), "data.file"));

        // Weights for a narrower network: the layer list names the shape it needs.
        var (_, narrow) = UploadFiles.Mlp(new ExperimentSpec { Data = new DataSpec { Classes = 3 }, Model = new ModelSpec { HiddenWidths = [4, 5] } });
        var wrong = await UploadFiles.UploadAsync(server.Http, await UploadFiles.SafeTensorsAsync(narrow), "narrow.safetensors");
        var shapes = (await ProblemAsync(Spec(data, layers, wrong.Id))).GetProperty("model.weights").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("narrow.safetensors: '0.weight' is [4, 2] but the layer list needs [10, 2].", shapes);
        Assert.Equal(3, shapes.Count); // 0.weight, 0.bias, 2.weight: the head fits

        Assert.Empty(await server.Listing.ListAsync());
    }

    [Fact]
    public async Task A_sweep_over_uploaded_files_is_refused_as_a_run_would_be()
    {
        var (data, layers, _) = await UploadAllAsync(new ExperimentSpec { Data = new DataSpec { Classes = 3 } });
        var sweep = new
        {
            name = "uploaded",
            @base = JsonSerializer.SerializeToNode(Spec(data, layers, weights: data), JsonFormat.Options),
            axes = new[] { new { path = "training.seed", values = new[] { 1, 2 } } },
        };

        var response = await server.Http.PostAsJsonAsync("/api/sweeps", sweep, JsonFormat.Options);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("blobs.safetensors has no tensor '0.weight' (nor 5 more); the layer list needs 0.weight, 0.bias, 2.weight, 2.bias, 4.weight, 4.bias.", Assert.Single(errors.GetProperty("base.model.weights").EnumerateArray()).GetString());
        Assert.Empty(await server.Listing.ListAsync());
    }

    async Task<(Guid Data, Guid Layers, Guid Weights)> UploadAllAsync(ExperimentSpec mlp)
    {
        var (layers, weights) = UploadFiles.Mlp(mlp);
        var data = await UploadFiles.UploadAsync(server.Http, await UploadFiles.BlobsAsync(scratch.FullName), "blobs.safetensors");
        var model = await UploadFiles.UploadAsync(server.Http, layers, "model.json");
        var state = await UploadFiles.UploadAsync(server.Http, await UploadFiles.SafeTensorsAsync(weights), "model.safetensors");
        return (data.Id, model.Id, state.Id);
    }

    static ExperimentSpec Spec(Guid data, Guid layers, Guid weights) => new()
    {
        Data = new DataSpec { Kind = DataKind.Tensors, File = data },
        Model = new ModelSpec { Kind = ModelKind.Sequential, File = layers, Weights = weights },
    };

    async Task<JsonElement> ProblemAsync(ExperimentSpec spec)
    {
        var response = await server.Http.PostAsJsonAsync("/api/runs", spec, JsonFormat.Options);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    static string Single(JsonElement errors, string field) => Assert.Single(errors.GetProperty(field).EnumerateArray()).GetString()!;
}
