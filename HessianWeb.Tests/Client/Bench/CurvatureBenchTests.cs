using System.Text.Json;
using HessianWeb.Client.Bench;
using HessianWeb.Tests.Client.Curvature;
using TorchSharp;

namespace HessianWeb.Tests.Client.Bench;

/// <summary>The bench's code path on a tiny configuration, so it cannot rot; no timing is asserted.</summary>
[Collection(nameof(TorchThreadSensitive))]
public class CurvatureBenchTests
{
    [Fact]
    public void Prints_one_json_object_per_line_with_every_measurement_and_restores_the_thread_count()
    {
        var threads = torch.get_num_threads();
        using var output = new StringWriter();

        CurvatureBench.Run(new BenchOptions(InputDim: 6, HiddenWidths: [5, 4], Classes: 3, Batch: 12, Warmup: 1, Repeats: 3,
            LanczosK: 2, LanczosSteps: 6, LanczosRepeats: 1), output);

        Assert.Equal(threads, torch.get_num_threads());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        JsonElement Line(string bench) => Assert.Single(lines, l => l.GetProperty("bench").GetString() == bench);
        double Number(JsonElement line, string name) => line.GetProperty(name).GetDouble();

        var configuration = Line("configuration");
        Assert.Equal("6-5-4-3", configuration.GetProperty("model").GetString());
        Assert.Equal((6 + 1) * 5 + (5 + 1) * 4 + (4 + 1) * 3, configuration.GetProperty("parameters").GetInt32());
        Assert.True(Number(Line("gradient"), "gradientMs") > 0);
        var hvp = Line("hvp");
        Assert.True(Number(hvp, "hvpMs") > 0);
        var ratio = Number(hvp, "hvpMs") / Number(Line("gradient"), "gradientMs"); // of times rounded to the microsecond
        Assert.True(Math.Abs(Number(hvp, "hvpPerGrad") - ratio) <= 0.05 * ratio, $"hvpPerGrad {Number(hvp, "hvpPerGrad")} vs {ratio}");
        Assert.True(Number(hvp, "hvpFromScratchMs") > 0);
        Assert.True(Number(Line("ggn"), "ggnMs") > 0);
        Assert.Contains(hvp.GetProperty("met").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        var lanczos = lines.Where(l => l.GetProperty("bench").GetString() == "lanczos").ToList();
        Assert.Equal(["full", "partial", "selective"], lanczos.Select(l => l.GetProperty("reorthogonalisation").GetString()));
        Assert.All(lanczos, l =>
        {
            Assert.Equal(6, l.GetProperty("steps").GetInt32());
            Assert.InRange(Number(l, "lanczosOverhead"), 0, 1);
            Assert.Contains(l.GetProperty("met").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.True(Number(l, "productMs") > 0);
        });
    }
}
