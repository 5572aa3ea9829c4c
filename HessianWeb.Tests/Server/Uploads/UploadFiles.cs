using System.IO.Compression;
using System.Net.Http.Headers;
using HessianWeb.Shared;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Shared.Uploads;

namespace HessianWeb.Tests.Server.Uploads;

/// <summary>Files the server upload tests send, and the multipart form a script sends them in.</summary>
static class UploadFiles
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        return await http.PostAsync(UploadRoutes.Api, form);
    }

    public static async Task<UploadSummary> UploadAsync(HttpClient http, byte[] bytes, string fileName)
    {
        var response = await PostAsync(http, bytes, fileName);
        response.EnsureSuccessStatusCode();
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<UploadSummary>(response.Content, JsonFormat.Options))!;
    }

    /// <summary>12 points of 2 values in 3 classes, and 6 test points.</summary>
    public static async Task<byte[]> BlobsAsync(string directory) => await File.ReadAllBytesAsync(await DataFiles.SafeTensorsAsync(directory, "blobs.safetensors",
        DataFiles.Float64("x", [12, 2], i => i * 0.25 - 1), DataFiles.Int64("y", [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]),
        DataFiles.Float64("x_test", [6, 2], i => i * 0.5), DataFiles.Int64("y_test", [2, 1, 0, 2, 1, 0])));

    /// <summary>The layer list the export writes for <paramref name="spec"/>'s MLP, and weights under its names (zeros, or the given shapes).</summary>
    public static (byte[] Layers, NamedTensor[] Weights) Mlp(ExperimentSpec spec)
    {
        var layers = SequentialLayers.From(spec.Model, spec.Data);
        var weights = SequentialLayers.Parameters(layers)
            .Select(p => new NamedTensor(p.Name, "float64", p.Shape, new byte[8 * p.Shape.Aggregate(1L, (a, b) => a * b)])).ToArray();
        return (System.Text.Encoding.UTF8.GetBytes(JsonFormat.Serialize(layers)), weights);
    }

    public static async Task<byte[]> SafeTensorsAsync(params NamedTensor[] tensors)
    {
        using var stream = new MemoryStream();
        await SafeTensorsWriter.WriteAsync(stream, tensors);
        return stream.ToArray();
    }

    /// <summary>A zip laid out as torch.jit.save lays one out (data.pkl beside code/), enough to be told a TorchScript file.</summary>
    public static byte[] TorchScriptLike()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "model/data.pkl", "model/code/__torch__.py", "model/version" })
                using (var entry = zip.CreateEntry(name).Open()) entry.Write([0x80, 0x02, (byte)'.']);
        }
        return stream.ToArray();
    }
}
