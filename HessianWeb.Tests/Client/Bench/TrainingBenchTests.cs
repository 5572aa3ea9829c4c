using System.Text.Json;
using HessianWeb.Client.Bench;
using HessianWeb.Tests.Client.Curvature;
using TorchSharp;

namespace HessianWeb.Tests.Client.Bench;

/// <summary>The training bench's code path on a few steps, so it cannot rot; no timing is asserted.</summary>
[Collection(nameof(TorchThreadSensitive))]
public class TrainingBenchTests
{
    [Fact]
    public void Prints_the_training_line_with_its_target_and_the_breakdown_and_restores_the_thread_count()
    {
        var threads = torch.get_num_threads();
        using var output = new StringWriter();

        TrainingBench.Run(new TrainingBenchOptions(Steps: 300, Repeats: 1, BreakdownSteps: 20, Reference: false), output);

        Assert.Equal(threads, torch.get_num_threads());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var training = Assert.Single(lines, l => l.GetProperty("bench").GetString() == "training");
        Assert.Equal(300, training.GetProperty("steps").GetInt32());
        Assert.Equal("managed", training.GetProperty("path").GetString());
        Assert.True(training.GetProperty("seconds").GetDouble() > 0);
        Assert.Contains(training.GetProperty("met").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.StartsWith("quoted", training.GetProperty("reference").GetString());
        Assert.InRange(training.GetProperty("finalLoss").GetDouble(), 0, Math.Log(4)); // below the initial ≈ ln 4
        var breakdown = Assert.Single(lines, l => l.GetProperty("bench").GetString() == "training-breakdown");
        Assert.True(breakdown.GetProperty("wholeStepUs").GetDouble() > 0);
    }
}
