using HessianWeb.Shared;
using HessianWeb.Server.Sweeps.Presets;
using HessianWeb.Server.Sweeps;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Sweeps;

/// <summary>Every preset has a page view, and every file its button posts is built into the server, valid, and the same as in examples/.</summary>
public sealed class PaperPresetsTests
{
    [Fact]
    public void Each_preset_has_a_view_whose_files_are_built_in_and_expand_to_a_valid_grid_of_that_preset()
    {
        Assert.Equal(SweepPresets.All.Order(), PresetViews.All.Select(v => v.Id).Order());
        foreach (var view in PresetViews.All)
            foreach (var file in view.Examples)
            {
                var sweep = PaperPresets.Load(file);
                Assert.Equal(view.Id, sweep.Preset);
                var grid = SweepGrid.Expand(sweep);
                Assert.True(grid.IsValid, $"{file}: {string.Join("; ", grid.Errors.SelectMany(e => e.Value))}");
                Assert.Equal(SpecJsonOf(Path.Combine(RepoRoot.Path, "examples", file)), JsonFormat.Serialize(sweep));
            }
    }

    [Fact]
    public void The_width_preset_takes_fashion_mnist_where_debian_installed_it()
    {
        // The tests' set-up installs Debian's dataset-fashion-mnist (test.sh), so the first file is the one taken.
        var (file, sweep) = PaperPresets.Choose(PresetViews.For(SweepPresets.BulkVsParameters)!.Examples);
        Assert.Equal("paper-bulk-vs-parameters.json", file);
        Assert.Equal("fashionMnist", sweep.Base!["data"]!["kind"]!.GetValue<string>());
    }

    static string SpecJsonOf(string path) =>
        JsonFormat.Serialize(JsonFormat.Deserialize<SweepSpec>(File.ReadAllText(path)));
}
