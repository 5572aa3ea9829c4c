using System.Text.Json;
using HessianWeb.Client.Bench;

namespace HessianWeb.Tests.Client.Bench;

/// <summary>The kernel bench's code path on short vectors, so it cannot rot; no timing is asserted.</summary>
public class KernelBenchTests
{
    [Fact]
    public void Prints_one_json_object_per_kept_kernel_with_both_times()
    {
        using var output = new StringWriter();

        KernelBench.Run(output, n: 1_000, warmup: 1, repeats: 3);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["SubtractAndNormSquared", "ScaleInto", "AddScaled", "ScaleIntoBoth", "DotMany<double>", "DotMany<float>", "SubtractManyAndNormSquared<double>"],
            lines.Select(l => l.GetProperty("kernel").GetString()));
        Assert.All(lines, l =>
        {
            Assert.Equal("kernel", l.GetProperty("bench").GetString());
            Assert.Equal(1_000, l.GetProperty("n").GetInt32());
            Assert.True(l.GetProperty("handUs").GetDouble() >= 0);
            Assert.True(l.GetProperty("tensorPrimitivesUs").GetDouble() >= 0);
        });
    }
}
