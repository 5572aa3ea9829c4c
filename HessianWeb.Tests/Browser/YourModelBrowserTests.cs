using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Uploads;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// New run → "Your model": files dropped on the page stream over the circuit into the server's upload store, and the
/// parsed layers, parameter count and data are shown before launching; a damaged file is refused with its reason.
/// </summary>
public sealed class YourModelBrowserTests() : BrowserSession(startLocalWorker: false)
{
    /// <summary>2 → 4 → 3 with a ReLU between: 2·4 + 4 + 4·3 + 3 = 27 parameters, named as nn.Sequential names them.</summary>
    const string LayerList = """
        {"format":"hessianweb.sequential/1","inputShape":[2],"layers":[
          {"type":"Linear","inFeatures":2,"outFeatures":4},{"type":"ReLU"},{"type":"Linear","inFeatures":4,"outFeatures":3}]}
        """;

    [Fact]
    public async Task Dropped_layer_list_weights_and_data_show_the_architecture_and_parameter_count_before_launch()
    {
        var page = await YourModelTabAsync();
        await page.Locator("[data-testid=upload-drop] input[type=file]").SetInputFilesAsync(
        [
            new FilePayload { Name = "model.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(LayerList) },
            new FilePayload { Name = "model.safetensors", MimeType = "application/octet-stream", Buffer = await SafeTensorsAsync(Weights()) },
            new FilePayload { Name = "data.safetensors", MimeType = "application/octet-stream", Buffer = await SafeTensorsAsync(Data(points: 20, classes: 3)) },
        ]);
        await page.Locator("[data-testid=upload-result][data-state=stored]").Nth(2).WaitForAsync();

        Assert.Equal("model.json: 27 parameters", (await page.Locator("[data-testid=model-parameters]").TextContentAsync())!.Trim());
        var architecture = await page.Locator("[data-testid=model-architecture]").TextContentAsync();
        Assert.Contains("Linear(2 → 4)", architecture);
        Assert.Contains("Linear(4 → 3)", architecture);
        Assert.Contains("ReLU", architecture);
        Assert.Equal("data.safetensors: 3 classes", (await page.Locator("[data-testid=data-classes]").TextContentAsync())!.Trim());
        Assert.Equal(["x F64 [20, 2]", "y I64 [20]"], await page.Locator("[data-testid=data-tensors] li").AllTextContentsAsync());
        Assert.Contains("model.safetensors, 4 tensors", await page.Locator("[data-testid=weights-preview]").TextContentAsync());
        // The plan counts the uploaded model's parameters; its epochs start at 0, with the hint saying what that does.
        Assert.Equal("M = 27", (await page.Locator("[data-testid=parameter-count]").TextContentAsync())!.Trim());
        Assert.Equal("0", await page.Locator("input#field-epochs").InputValueAsync());
        Assert.Contains("0 = analyse the uploaded weights as they are", await page.Locator(".mud-input-control:has(#field-epochs)").TextContentAsync());
        Assert.True(await page.Locator("[data-testid=submit-run]").IsEnabledAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("new-run-your-model.png"), FullPage = true });

        var listed = await Server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options);
        Assert.Equal(["data.safetensors", "model.json", "model.safetensors"], listed!.Select(u => u.FileName).Order());

        // The uploads page lists the three, in another tab of the same browser.
        var uploads = await page.Context.NewPageAsync();
        await uploads.GotoAsync(new Uri(Server.BaseAddress, "/uploads").ToString());
        await uploads.Locator("[data-testid=uploads-row]").Nth(2).WaitForAsync();
        Assert.Equal(3, await uploads.Locator("[data-testid=uploads-row]").CountAsync());
        await uploads.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("uploads.png"), FullPage = true });
        await uploads.CloseAsync();

        // Start submits through the run submission, whose check of the uploads accepts what the tab chose.
        await page.Locator("[data-testid=submit-run]").ClickAsync();
        await Chromium.ArriveAsync(page, "[data-testid=run-name]", url => Guid.TryParse(url.Split("/runs/")[^1], out _));
        var run = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{page.Url.Split("/runs/")[^1]}", JsonFormat.Options);
        var spec = run.GetProperty("spec");
        Assert.Equal(("tensors", "sequential", 27, 0),
            (spec.GetProperty("data").GetProperty("kind").GetString(), spec.GetProperty("model").GetProperty("kind").GetString(),
             spec.GetProperty("model").GetProperty("parameterCount").GetInt32(), spec.GetProperty("training").GetProperty("epochs").GetInt32()));
    }

    [Fact]
    public async Task A_dropped_torchscript_file_lists_its_modules_with_their_types_from_its_code()
    {
        var page = await YourModelTabAsync();
        await page.Locator("[data-testid=upload-drop] input[type=file]").SetInputFilesAsync(
        [
            new FilePayload { Name = "resnet.pt", MimeType = "application/octet-stream", Buffer = await File.ReadAllBytesAsync(Fixture("resnet.pt")) },
            new FilePayload { Name = "resnet_data.safetensors", MimeType = "application/octet-stream", Buffer = await File.ReadAllBytesAsync(Fixture("resnet_data.safetensors")) },
        ]);
        await page.Locator("[data-testid=upload-result][data-state=stored]").Nth(1).WaitForAsync();

        // make_resnet.py's TinyResNet: the worker's inspect read the types and settings from the file's code.
        Assert.Equal("resnet.pt: 337 parameters", (await page.Locator("[data-testid=model-parameters]").TextContentAsync())!.Trim());
        var architecture = (await page.Locator("[data-testid=model-architecture]").TextContentAsync())!.Split('\n');
        Assert.Equal("TinyResNet", architecture[0]);
        Assert.Contains("block2.shortcut.0: Conv2d(3 → 4, 1×1, stride 2, padding 0) · weight [4, 3, 1, 1]", architecture);
        Assert.Equal("M = 337", (await page.Locator("[data-testid=parameter-count]").TextContentAsync())!.Trim());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("new-run-your-model-torchscript.png"), FullPage = true });
    }

    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "uploads", name);

    [Fact]
    public async Task A_truncated_file_is_refused_with_its_reason_and_nothing_is_kept()
    {
        var page = await YourModelTabAsync();
        Assert.Equal("Nothing is uploaded yet: drop a model's files and your data above.", (await page.Locator("[data-testid=uploads-state]").TextContentAsync())!.Trim());
        var whole = await SafeTensorsAsync(Data(points: 20, classes: 3));
        await page.Locator("[data-testid=upload-drop] input[type=file]").SetInputFilesAsync(
            new FilePayload { Name = "cut.safetensors", MimeType = "application/octet-stream", Buffer = whole[..^16] });

        var refused = page.Locator("[data-testid=upload-result][data-state=refused]");
        await refused.WaitForAsync();
        Assert.Equal(
            $"cut.safetensors — refused: The file is truncated: its header describes {whole.Length:N0} bytes but it has {whole.Length - 16:N0}.",
            (await refused.TextContentAsync())!.Trim());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("new-run-your-model-refused.png"), FullPage = true });

        Assert.Empty((await Server.Http.GetFromJsonAsync<UploadSummary[]>(UploadRoutes.Api, JsonFormat.Options))!);
        var folder = Path.Combine(Server.DataDirectory, "uploads");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder) : []);
    }

    async Task<IPage> YourModelTabAsync()
    {
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(Server.BaseAddress, "/runs/new").ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.Locator(".mud-tab", new() { HasTextString = "Your model" }).ClickAsync();
        await page.Locator("[data-testid=upload-drop]").WaitForAsync();
        return page;
    }

    static NamedTensor[] Weights() =>
    [
        Float64("0.weight", [4, 2]), Float64("0.bias", [4]), Float64("2.weight", [3, 4]), Float64("2.bias", [3]),
    ];

    static NamedTensor[] Data(int points, int classes) =>
    [
        Float64("x", [points, 2]),
        new("y", "int64", [points], Enumerable.Range(0, points).SelectMany(i => BitConverter.GetBytes((long)(i % classes))).ToArray()),
    ];

    /// <summary>Values 0.01, 0.02, …: any will do, the page reads only names and shapes.</summary>
    static NamedTensor Float64(string name, long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (p, s) => p * s);
        return new(name, "float64", shape, Enumerable.Range(1, count).SelectMany(i => BitConverter.GetBytes(i / 100.0)).ToArray());
    }

    static async Task<byte[]> SafeTensorsAsync(IReadOnlyList<NamedTensor> tensors)
    {
        using var stream = new MemoryStream();
        await SafeTensorsWriter.WriteAsync(stream, tensors);
        return stream.ToArray();
    }
}
