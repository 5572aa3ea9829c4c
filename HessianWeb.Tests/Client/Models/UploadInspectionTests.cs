using System.Diagnostics;
using System.Text.Json;
using HessianWeb.Client.Models;
using HessianWeb.Shared;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Client.Models;

/// <summary>The worker's <c>inspect</c> command run as the server runs it: a child process of the built worker.</summary>
public sealed class UploadInspectionTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("upload-inspection-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static async Task<(int Code, string Output, string Error)> InspectAsync(string kind, string path)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { WorkerProcess.WorkerAssembly, "inspect", "--kind", kind, path }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task A_torchscript_file_lists_its_parameters_then_buffers_its_modules_and_the_parameter_count()
    {
        var (code, output, error) = await InspectAsync("torchscript", UploadFixtures.Path("resnet.pt"));

        Assert.True(code == 0, error);
        var contents = JsonSerializer.Deserialize<UploadContents>(output, JsonFormat.Options)!;
        Assert.Equal(337, contents.ParameterCount);
        Assert.Equal(20, contents.Parameters.Count);
        Assert.Equal(["stem.0.weight", "stem.1.weight", "stem.1.bias", "block1.conv1.weight"], contents.Parameters.Take(4));
        Assert.Equal("head.bias", contents.Parameters[^1]);
        Assert.Equal(contents.Parameters, contents.Tensors.Take(20).Select(t => t.Name));
        Assert.Equal(("stem.1.running_mean", "F64"), (contents.Tensors[20].Name, contents.Tensors[20].Dtype));
        Assert.Equal([3L], contents.Tensors[20].Shape);
        Assert.Contains(contents.Tensors, t => t is { Name: "block2.shortcut.1.num_batches_tracked", Dtype: "I64", Shape: [] });
        // The types and settings of make_resnet.py's modules, read from the file's code.
        Assert.Equal("TinyResNet", contents.Architecture[0]);
        Assert.Equal("stem: Sequential", contents.Architecture[1]);
        Assert.Contains("stem.0: Conv2d(2 → 3, 3×3, stride 1, padding 1) · weight [3, 2, 3, 3]", contents.Architecture);
        Assert.Contains("stem.2: ReLU", contents.Architecture);
        Assert.Contains("block1: Block", contents.Architecture);
        Assert.Contains("block2.conv1: Conv2d(3 → 4, 3×3, stride 2, padding 1) · weight [4, 3, 3, 3]", contents.Architecture);
        Assert.Contains("block2.shortcut.0: Conv2d(3 → 4, 1×1, stride 2, padding 0) · weight [4, 3, 1, 1]", contents.Architecture);
        Assert.Contains("block2.shortcut.1: BatchNorm2d(4) · weight [4], bias [4], running_mean [4], running_var [4], num_batches_tracked []", contents.Architecture);
        Assert.Equal("head: Linear(4 → 3) · weight [3, 4], bias [3]", contents.Architecture[^1]);
    }

    [Fact]
    public async Task A_state_dict_lists_its_tensors_in_layer_order()
    {
        var (code, output, error) = await InspectAsync("stateDict", UploadFixtures.Path("sequential_state.pt"));

        Assert.True(code == 0, error);
        var contents = JsonSerializer.Deserialize<UploadContents>(output, JsonFormat.Options)!;
        Assert.Equal(["0.bias", "0.weight", "1.bias", "1.num_batches_tracked"], contents.Tensors.Take(4).Select(t => t.Name));
        Assert.Equal("11.weight", contents.Tensors[^1].Name);
        Assert.Null(contents.ParameterCount);
    }

    [Theory]
    [InlineData("torchscript", "plain.pkl", "plain.pkl cannot be read as a torchscript file")]
    [InlineData("torchscript", "resnet_state.pt", "resnet_state.pt cannot be read as a torchscript file")]
    [InlineData("stateDict", "plain.pkl", "plain.pkl is neither a PyTorch state dict")]
    [InlineData("stateDict", "resnet_data.safetensors", null)]
    public async Task A_file_of_another_kind_is_refused_with_the_reason(string kind, string file, string? reason)
    {
        var (code, output, error) = await InspectAsync(kind, UploadFixtures.Path(file));

        if (reason is null)
        {
            // A safetensors file read as weights is readable (the server tells the kinds apart by their bytes first).
            Assert.True(code == 0, error);
            return;
        }
        Assert.Equal(UploadInspection.Refused, code);
        Assert.Empty(output);
        Assert.StartsWith(reason, error);
        Assert.DoesNotContain("frame #", error);
    }

    [Fact]
    public async Task A_truncated_torchscript_file_is_refused_with_the_reason()
    {
        var path = Path.Combine(folder, "truncated.pt");
        var bytes = await File.ReadAllBytesAsync(UploadFixtures.Path("resnet.pt"));
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        var (code, _, error) = await InspectAsync("torchscript", path);

        Assert.Equal(UploadInspection.Refused, code);
        Assert.StartsWith("truncated.pt cannot be read as a torchscript file: PytorchStreamReader failed reading zip archive", error);
    }
}
