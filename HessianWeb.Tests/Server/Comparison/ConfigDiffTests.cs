using HessianWeb.Server.Comparison;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Server.Comparison;

public sealed class ConfigDiffTests
{
    [Fact]
    public void A_spec_flattens_to_its_json_paths_with_lists_of_numbers_as_one_value()
    {
        var flat = ConfigDiff.Flatten(new ExperimentSpec());

        Assert.Equal("quickstart", flat["name"]);
        Assert.Equal("blobs", flat["data.kind"]);
        Assert.Equal("0.1", flat["training.learningRate"]);
        Assert.Equal("[10,5]", flat["model.hiddenWidths"]);
        Assert.Equal("true", flat["analysis.density.enabled"]);
        // Full batch is null, which the JSON leaves out.
        Assert.False(flat.ContainsKey("training.batchSize"));
    }

    [Fact]
    public void The_rows_that_differ_are_exactly_the_settings_changed()
    {
        var quickstart = new ExperimentSpec();
        var wider = quickstart with { Name = "wider", Model = quickstart.Model with { HiddenWidths = [20, 10] } };
        var faster = quickstart with { Training = quickstart.Training with { LearningRate = 0.5, BatchSize = 10 } };

        var rows = ConfigDiff.Rows([quickstart, wider, faster]);

        var differing = rows.Where(r => r.Differs).ToDictionary(r => r.Path, r => r.Values);
        Assert.Equal(["model.hiddenWidths", "name", "training.batchSize", "training.learningRate"], differing.Keys.Order());
        Assert.Equal(["[10,5]", "[20,10]", "[10,5]"], differing["model.hiddenWidths"]);
        Assert.Equal(["0.1", "0.1", "0.5"], differing["training.learningRate"]);
        Assert.Equal([ConfigDiff.Missing, ConfigDiff.Missing, "10"], differing["training.batchSize"]);
        Assert.Equal(ConfigDiff.Flatten(quickstart).Count + 1, rows.Count);
    }
}
