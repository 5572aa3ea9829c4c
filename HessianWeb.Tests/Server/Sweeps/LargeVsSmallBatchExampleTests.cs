using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Tests.Server.Sweeps;

/// <summary>examples/paper-large-vs-small-batch.json is preset 4 as docs/paper.md's claim 5 describes it, and every run it makes is valid.</summary>
public sealed class LargeVsSmallBatchExampleTests
{
    static SweepSpec Example() =>
        JsonFormat.Deserialize<SweepSpec>(File.ReadAllText(Path.Combine(Hosting.RepoRoot.Path, "examples", "paper-large-vs-small-batch.json")))!;

    [Fact]
    public void Every_grid_point_is_a_valid_large_then_small_batch_run_from_its_own_initialisation()
    {
        var sweep = Example();
        var grid = SweepGrid.Expand(sweep);

        Assert.True(grid.IsValid, string.Join("; ", grid.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        Assert.Equal(SweepPresets.LargeVsSmallBatch, sweep.Preset);
        Assert.True(grid.Points.Count >= 2, "repeats over a few seeds");
        Assert.All(grid.Points, point => Assert.Empty(SpecValidator.Validate(point.Spec)));
        // One initialisation per run: only the model's seed is repeated, the data stay the same.
        Assert.Equal(grid.Points.Count, grid.Points.Select(p => p.Spec.Model.Seed).Distinct().Count());
        Assert.Single(grid.Points.Select(p => JsonFormat.Serialize(p.Spec.Data)).Distinct());

        foreach (var spec in grid.Points.Select(p => p.Spec))
        {
            var phases = TrainingPhases.Of(spec.Training);
            Assert.Equal(2, phases.Count);
            var (large, small) = (phases[0].Training.BatchSize, phases[1].Training.BatchSize);
            Assert.True(large >= 50 * small, $"LB batch {large} vs SB batch {small}");
            Assert.True(large < spec.Data.TrainSize, "the large batch is still a mini-batch");

            var line = Assert.Single(spec.Analysis.Interpolations!);
            Assert.Equal($"{phases[0].Name}:end{InterpolationSpec.Arrow}{Checkpoints.End}", line.Label);
            Assert.Equal((41, -0.5, 1.5, true), (line.Points, line.AlphaMin, line.AlphaMax, line.TopEigenvalue));
            Assert.Contains($"{phases[0].Name}:end", SpecValidator.GuaranteedCheckpoints(spec.Training));
        }
    }
}
