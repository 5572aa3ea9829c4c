using System.Text.Json.Nodes;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Tests.Server.Sweeps;

/// <summary>Grid expansion and field paths: the product's order and size, values set where the path points, and errors that name the axis.</summary>
public sealed class SweepGridTests
{
    static SweepAxis Axis(string path, params object?[] values) =>
        new(path, values.Select(v => v is null ? null : JsonValue.Create(v) as JsonNode ?? JsonNode.Parse(v.ToString()!)).ToList());

    static SweepAxis AxisJson(string path, string valuesJson) => new(path, JsonNode.Parse(valuesJson)!.AsArray().ToList());

    [Fact]
    public void The_grid_is_the_cartesian_product_first_axis_outermost_with_each_value_set_where_its_path_points()
    {
        var sweep = new SweepSpec
        {
            Name = "grid",
            Axes = [Axis("data.classes", 2, 3, 4), Axis("model.hiddenWidths[0]", 10, 20), Axis("training.seed", 0, 1, 2)],
        };

        var grid = SweepGrid.Expand(sweep);

        Assert.True(grid.IsValid, string.Join("; ", grid.Errors.SelectMany(e => e.Value)));
        Assert.Equal(18, grid.Points.Count);
        Assert.Equal(Enumerable.Range(0, 18), grid.Points.Select(p => p.Index));
        var expected = from k in new[] { 2, 3, 4 } from w in new[] { 10, 20 } from s in new[] { 0, 1, 2 } select (k, w, s);
        Assert.Equal(expected, grid.Points.Select(p => (p.Spec.Data.Classes, p.Spec.Model.HiddenWidths[0], p.Spec.Training.Seed)));
        // Only the indexed entry changes; the rest of the base (the quickstart) stays.
        Assert.All(grid.Points, p => Assert.Equal(5, p.Spec.Model.HiddenWidths[1]));
        Assert.All(grid.Points, p => Assert.Equal(new ExperimentSpec().Training.LearningRate, p.Spec.Training.LearningRate));
        var point = grid.Points[11];
        Assert.Equal(new[] { "data.classes", "model.hiddenWidths[0]", "training.seed" }, point.Values.Select(v => v.Path));
        Assert.Equal(new[] { "3", "20", "2" }, point.Values.Select(v => v.Text));
        Assert.Equal("grid · classes = 3, hiddenWidths[0] = 20, seed = 2", point.Spec.Name);
        Assert.Equal("""{"data.classes":3,"model.hiddenWidths[0]":20,"training.seed":2}""", SweepPoint.ToJson(point.Values).ToJsonString());
    }

    [Fact]
    public void A_base_spec_is_read_with_its_own_values_and_axes_may_set_lists_strings_and_null()
    {
        var sweep = new SweepSpec
        {
            Base = JsonNode.Parse("""{ "data": { "trainSize": 60 }, "training": { "batchSize": 20, "learningRate": 0.05 } }""")!.AsObject(),
            Axes = [AxisJson("model.hiddenWidths", "[[7], [8, 4, 2]]"), AxisJson("model.activation", """["tanh", "relu"]"""), AxisJson("training.batchSize", "[null, 30]")],
        };

        var grid = SweepGrid.Expand(sweep);

        Assert.True(grid.IsValid, string.Join("; ", grid.Errors.SelectMany(e => e.Value)));
        Assert.Equal(8, grid.Points.Count);
        Assert.All(grid.Points, p => Assert.Equal(60, p.Spec.Data.TrainSize));
        Assert.All(grid.Points, p => Assert.Equal(0.05, p.Spec.Training.LearningRate));
        Assert.Equal(new[] { 8, 4, 2 }, grid.Points[4].Spec.Model.HiddenWidths);
        Assert.Equal(Activation.Tanh, grid.Points[0].Spec.Model.Activation);
        Assert.Null(grid.Points[0].Spec.Training.BatchSize);
        Assert.Equal(30, grid.Points[1].Spec.Training.BatchSize);
    }

    [Fact]
    public void A_field_the_base_leaves_empty_can_be_swept()
    {
        var grid = SweepGrid.Expand(new SweepSpec { Axes = [Axis("data.separation", 1.5, 4.0), Axis("analysis.everyEpochs", 100)] });

        Assert.True(grid.IsValid, string.Join("; ", grid.Errors.SelectMany(e => e.Value)));
        Assert.Equal(new double?[] { 1.5, 4.0 }, grid.Points.Select(p => p.Spec.Data.Separation));
        Assert.All(grid.Points, p => Assert.Equal(100, p.Spec.Analysis.EveryEpochs));
    }

    [Theory]
    [InlineData("data.clases", "The spec has no field 'data.clases'")]
    [InlineData("Data.classes", "The spec has no field 'Data'")]
    [InlineData("data", "'data' is a group of settings")]
    [InlineData("data.classes[0]", "'data.classes' is not a list")]
    [InlineData("data.classes.x", "'data.classes' is a value")]
    [InlineData("model..seed", "is not a field path")]
    [InlineData("", "Give the field to vary")]
    public void A_path_that_names_no_field_is_an_error_on_that_axis(string path, string message)
    {
        var grid = SweepGrid.Expand(new SweepSpec { Axes = [Axis("training.seed", 0, 1), Axis(path, 1)] });

        Assert.Empty(grid.Points);
        var error = Assert.Single(grid.Errors);
        Assert.Equal("axes[1].path", error.Key);
        Assert.Contains(message, Assert.Single(error.Value));
    }

    [Fact]
    public void A_bad_value_is_an_error_on_that_axis_and_value_naming_the_spec_field_and_its_rule()
    {
        var grid = SweepGrid.Expand(new SweepSpec
        {
            Axes = [Axis("data.classes", 2, 1, 3), Axis("training.learningRate", 0.1, "fast"), Axis("model.hiddenWidths[2]", 4)],
        });

        Assert.Empty(grid.Points);
        Assert.Equal(new[] { "axes[0].values[1]", "axes[1].values[1]", "axes[2].values[0]" }, grid.Errors.Keys.Order());
        Assert.Equal("data.classes = 1: data.classes: The number of classes must be between 2 and 100.", Assert.Single(grid.Errors["axes[0].values[1]"]));
        Assert.StartsWith("training.learningRate = \"fast\": training.learningRate: ", Assert.Single(grid.Errors["axes[1].values[1]"]));
        Assert.Contains("'model.hiddenWidths' has 2 entries, so it has no entry [2]", Assert.Single(grid.Errors["axes[2].values[0]"]));
    }

    [Fact]
    public void Values_wrong_only_together_are_errors_on_their_grid_point()
    {
        var grid = SweepGrid.Expand(new SweepSpec
        {
            Base = JsonNode.Parse("""{ "data": { "trainSize": 100 } }""")!.AsObject(),
            Axes = [Axis("data.trainSize", 100, 20), Axis("training.batchSize", 10, 50)],
        });

        var error = Assert.Single(grid.Errors);
        Assert.Equal("grid[3]", error.Key);
        Assert.StartsWith("trainSize = 20, batchSize = 50: training.batchSize: The batch size must be between 1 and the training size (20)", Assert.Single(error.Value));
    }

    [Fact]
    public void The_sweep_itself_is_checked_base_axes_preset_and_size()
    {
        var errors = SweepGrid.Expand(new SweepSpec
        {
            Name = " ",
            Preset = "paper-nothing",
            Base = JsonNode.Parse("""{ "training": { "epochs": -1 } }""")!.AsObject(),
            Axes = [Axis("data.classes", 2, 2), new SweepAxis("training.seed", [])],
        }).Errors;

        Assert.Equal(new[] { "axes[0].values", "axes[1].values", "base.training.epochs", "name", "preset" }, errors.Keys.Order());
        Assert.Contains("paper-outliers-vs-classes", errors["preset"][0]);

        Assert.Equal("axes", Assert.Single(SweepGrid.Expand(new SweepSpec()).Errors).Key);
        var big = SweepGrid.Expand(new SweepSpec { Axes = [Axis("training.seed", [.. Enumerable.Range(0, 30).Cast<object?>()]), Axis("model.seed", [.. Enumerable.Range(0, 30).Cast<object?>()])] });
        Assert.Contains($"at most {SweepGrid.MaxRuns} runs", Assert.Single(big.Errors["axes"]));
        Assert.Equal("base.data.classes", Assert.Single(SweepGrid.Expand(new SweepSpec
        {
            Base = JsonNode.Parse("""{ "data": { "classes": "four" } }""")!.AsObject(),
            Axes = [Axis("training.seed", 0)],
        }).Errors).Key);
    }

    [Fact]
    public void Seed_axes_are_repeats()
    {
        Assert.True(Axis("training.seed", 0).IsRepeat);
        Assert.True(Axis("data.seed", 0).IsRepeat);
        Assert.False(Axis("data.classes", 2).IsRepeat);
        Assert.False(Axis("analysis.sample.size", 2).IsRepeat);
    }
}
