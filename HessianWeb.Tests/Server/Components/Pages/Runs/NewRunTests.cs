using HessianWeb.Shared;
using AngleSharp.Dom;
using Bunit;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

public sealed class NewRunTests : DashboardTestContext
{
    [Fact]
    public void Shows_the_authors_defaults_and_their_parameter_count()
    {
        var page = Render<NewRun>();

        Assert.Equal("quickstart", Value(page, "field-name"));
        Assert.Equal("4", Value(page, "field-classes"));
        Assert.Equal("2", Value(page, "field-input-dim"));
        Assert.Equal("100", Value(page, "field-train-size"));
        Assert.Equal("10, 5", Value(page, "field-widths"));
        Assert.Equal("0.1", Value(page, "field-learning-rate"));
        Assert.Equal("2000", Value(page, "field-epochs"));
        Assert.Equal("0.0001", Value(page, "field-grad-tolerance"));
        Assert.Equal("10", Value(page, "field-lanczos-k"));
        // (2+1)·10 + (10+1)·5 + (5+1)·4 = 30 + 55 + 24
        Assert.Equal("M = 109", page.Find("[data-testid=parameter-count]").TextContent.Trim());
        Assert.Contains("2 → 10 → 5 → 4", page.Find("[data-testid=network-shape]").TextContent);
        Assert.Contains("Exact spectrum", page.Find("[data-testid=exact-plan]").TextContent);
        Assert.False(SubmitButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public void The_parameter_count_follows_the_fields_as_they_are_typed()
    {
        var page = Render<NewRun>();

        page.Find("#field-widths").Input("20");
        // (2+1)·20 + (20+1)·4
        Assert.Equal("M = 144", page.Find("[data-testid=parameter-count]").TextContent.Trim());

        page.Find("#field-input-dim").Input("3000");
        page.Find("#field-widths").Input("100, 100");
        // (3000+1)·100 + 101·100 + 101·4 = 300100 + 10100 + 404 > 5,000: Lanczos only
        Assert.Equal("M = 310,604", page.Find("[data-testid=parameter-count]").TextContent.Trim());
        Assert.Contains("No exact spectrum", page.Find("[data-testid=exact-plan]").TextContent);
    }

    [Theory]
    [InlineData("field-learning-rate", "0", "The learning rate must be a finite number above 0.")]
    [InlineData("field-learning-rate", "-0.5", "The learning rate must be a finite number above 0.")]
    [InlineData("field-classes", "1", "The number of classes must be between 2 and 100.")]
    [InlineData("field-lanczos-steps", "5", "The Lanczos step limit must be at least the number of eigenvalues asked for (top + bottom).")]
    [InlineData("field-widths", "10, five", "Give whole numbers separated by commas")]
    [InlineData("field-cluster-std", "wide", "'wide' is not a number")]
    public async Task An_invalid_value_is_explained_under_its_field_and_nothing_is_stored(string field, string typed, string message)
    {
        var page = Render<NewRun>();

        page.Find($"#{field}").Input(typed);

        Assert.Contains(message, FieldContainer(page, field).TextContent);
        Assert.True(SubmitButton(page).HasAttribute("disabled"));
        Assert.Contains("marked in red", page.Find("[data-testid=form-invalid]").TextContent);

        // Even a submit that gets through (a stale button) is refused.
        await SubmitButton(page).ClickAsync(new());
        Assert.Empty(await Listing.ListAsync());
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Correcting_the_value_clears_the_message_and_enables_start()
    {
        var page = Render<NewRun>();
        page.Find("#field-learning-rate").Input("0");
        Assert.True(SubmitButton(page).HasAttribute("disabled"));

        page.Find("#field-learning-rate").Input("0.05");

        Assert.DoesNotContain("The learning rate must be", FieldContainer(page, "field-learning-rate").TextContent);
        Assert.False(SubmitButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_valid_submit_stores_the_run_and_opens_its_page()
    {
        var page = Render<NewRun>();
        page.Find("#field-name").Input("wider net");
        page.Find("#field-widths").Input("20, 10");

        await SubmitButton(page).ClickAsync(new());

        var run = Assert.Single(await Listing.ListAsync());
        Assert.Equal("wider net", run.Name);
        Assert.Equal([20, 10], run.Spec.Model.HiddenWidths);
        var expected = new ExperimentSpec { Name = "wider net", Model = new ModelSpec { HiddenWidths = [20, 10] } };
        Assert.Equal(JsonFormat.Serialize(expected), JsonFormat.Serialize(run.Spec));
        Assert.EndsWith($"/runs/{run.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_submitted_run_goes_to_an_idle_worker_at_once()
    {
        Registry.Add(Worker("gpu-1"));
        var page = Render<NewRun>();

        await SubmitButton(page).ClickAsync(new());

        var run = Assert.Single(await Listing.ListAsync());
        var (connection, message) = Assert.Single(WorkerHub.Sent);
        Assert.Equal("connection-gpu-1", connection);
        Assert.Equal(run.Id, Assert.IsType<HessianWeb.Shared.Hubs.RunAssignment>(message).RunId);
    }

    [Fact]
    public async Task The_curvature_options_reach_the_stored_spec()
    {
        var page = Render<NewRun>();
        Switch(page, "field-decomposition").Change(true);
        Switch(page, "field-trace").Change(false);
        page.Find("#field-every-epochs").Input("500");
        page.Find("#field-lanczos-bottom-k").Input("3");

        await SubmitButton(page).ClickAsync(new());

        var analysis = Assert.Single(await Listing.ListAsync()).Spec.Analysis;
        Assert.True(analysis.Decomposition);
        Assert.False(analysis.Trace.Enabled);
        Assert.True(analysis.Density.Enabled);
        Assert.Equal(500, analysis.EveryEpochs);
        Assert.Equal(3, analysis.LanczosBottomK);
    }

    [Fact]
    public void Analysing_every_zero_epochs_is_refused_under_its_field()
    {
        var page = Render<NewRun>();
        page.Find("#field-every-epochs").Input("0");
        Assert.Contains("Analyse every N epochs with N at least 1", FieldContainer(page, "field-every-epochs").TextContent);
        Assert.True(SubmitButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Fashion_mnist_with_a_hundred_per_class_sizes_a_784_input_net_and_reaches_the_stored_spec()
    {
        var page = Render<NewRun>();

        await ChooseDataSet(page, DataKind.FashionMnist);
        page.Find("#field-per-class").Input("100");

        // (784+1)·10 + (10+1)·5 + (5+1)·10 = 7850 + 55 + 60 > 5,000: Lanczos only
        Assert.Equal("M = 7,965", page.Find("[data-testid=parameter-count]").TextContent.Trim());
        Assert.Contains("784 → 10 → 5 → 10", page.Find("[data-testid=network-shape]").TextContent);
        Assert.Contains("1,000 training points", page.Find("[data-testid=data-plan]").TextContent);
        Assert.Contains("from the files", page.Find("[data-testid=data-description]").TextContent);
        // The image sets' sizes and shape are not asked for.
        Assert.Empty(page.FindAll("#field-input-dim"));
        Assert.Empty(page.FindAll("#field-classes"));
        Assert.Empty(page.FindAll("#field-train-size"));
        Assert.Empty(page.FindAll("#field-test-size"));

        await SubmitButton(page).ClickAsync(new());

        var data = Assert.Single(await Listing.ListAsync()).Spec.Data;
        Assert.Equal(DataKind.FashionMnist, data.Kind);
        Assert.Equal(100, data.PerClass);
        Assert.Null(data.ClassList);
        Assert.Null(data.Directory);
        Assert.True(data.Standardise);
    }

    [Fact]
    public async Task A_class_list_and_a_data_directory_reach_the_stored_spec()
    {
        var page = Render<NewRun>();
        await ChooseDataSet(page, DataKind.Mnist);
        page.Find("#field-class-list").Input("3, 5");
        page.Find("#field-data-directory").Input(" /data/mnist ");
        Switch(page, "field-standardise").Change(false);

        // (784+1)·10 + (10+1)·5 + (5+1)·2
        Assert.Equal("M = 7,917", page.Find("[data-testid=parameter-count]").TextContent.Trim());
        await SubmitButton(page).ClickAsync(new());

        var data = Assert.Single(await Listing.ListAsync()).Spec.Data;
        Assert.Equal(DataKind.Mnist, data.Kind);
        Assert.NotNull(data.ClassList);
        Assert.Equal([3, 5], data.ClassList);
        Assert.Equal("/data/mnist", data.Directory);
        Assert.Null(data.PerClass);
        Assert.False(data.Standardise);
    }

    [Fact]
    public async Task Two_moons_are_two_dimensional_with_two_classes_and_reach_the_stored_spec()
    {
        var page = Render<NewRun>();

        await ChooseDataSet(page, DataKind.Moons);
        page.Find("#field-noise").Input("0.2");

        Assert.Empty(page.FindAll("#field-input-dim"));
        Assert.Empty(page.FindAll("#field-classes"));
        Assert.Empty(page.FindAll("#field-factor"));
        Assert.Contains("2 classes, fixed", page.Find("[data-testid=data-description]").TextContent);
        // (2+1)·10 + (10+1)·5 + (5+1)·2
        Assert.Equal("M = 97", page.Find("[data-testid=parameter-count]").TextContent.Trim());

        await SubmitButton(page).ClickAsync(new());

        var data = Assert.Single(await Listing.ListAsync()).Spec.Data;
        Assert.Equal(DataKind.Moons, data.Kind);
        Assert.Equal(0.2, data.Noise);
    }

    [Fact]
    public async Task Blob_separation_is_a_number_or_empty_for_uniform_centres()
    {
        var page = Render<NewRun>();
        page.Find("#field-clusters-per-class").Input("3");
        page.Find("#field-separation").Input("5");

        await SubmitButton(page).ClickAsync(new());

        var data = Assert.Single(await Listing.ListAsync()).Spec.Data;
        Assert.Equal(DataKind.Blobs, data.Kind);
        Assert.Equal(3, data.ClustersPerClass);
        Assert.Equal(5.0, data.Separation);
    }

    [Fact]
    public async Task Blobs_default_to_scikit_learns_generator_and_the_select_picks_the_xoshiro_one()
    {
        var page = Render<NewRun>();
        Assert.Contains("Gaussian blobs (scikit-learn's)", page.Find("[data-testid=data-plan]").TextContent);
        var select = page.FindComponent<MudBlazor.MudSelect<DataGenerator>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(DataGenerator.HessianWeb));
        Assert.Contains("Gaussian blobs (HessianWeb's xoshiro)", page.Find("[data-testid=data-plan]").TextContent);

        await SubmitButton(page).ClickAsync(new());

        Assert.Equal(DataGenerator.HessianWeb, Assert.Single(await Listing.ListAsync()).Spec.Data.Generator);
    }

    [Fact]
    public async Task The_generator_select_is_for_blobs_only()
    {
        var page = Render<NewRun>();
        await ChooseDataSet(page, DataKind.Moons);
        Assert.Empty(page.FindComponents<MudBlazor.MudSelect<DataGenerator>>());
    }

    [Theory]
    [InlineData("3, x", "Give class numbers 0 to 9 separated by commas")]
    [InlineData("3", "List at least two classes")]
    [InlineData("3, 12", "Classes are numbered 0 to 9.")]
    public async Task An_invalid_class_list_is_explained_under_its_field_and_nothing_is_stored(string typed, string message)
    {
        var page = Render<NewRun>();
        await ChooseDataSet(page, DataKind.FashionMnist);

        page.Find("#field-class-list").Input(typed);

        Assert.Contains(message, FieldContainer(page, "field-class-list").TextContent);
        Assert.True(SubmitButton(page).HasAttribute("disabled"));
        await SubmitButton(page).ClickAsync(new());
        Assert.Empty(await Listing.ListAsync());
    }

    /// <summary>Picks a data set as the select's popover would: through the select's bound callback.</summary>
    static async Task ChooseDataSet(IRenderedComponent<NewRun> page, DataKind kind)
    {
        var select = page.FindComponent<MudBlazor.MudSelect<DataKind>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(kind));
    }

    // MudSwitch puts extra attributes on its checkbox input.
    static IElement Switch(IRenderedComponent<NewRun> page, string id) => page.Find($"input[data-testid={id}]");

    static string? Value(IRenderedComponent<NewRun> page, string id) => page.Find($"#{id}").GetAttribute("value");

    static IElement SubmitButton(IRenderedComponent<NewRun> page) => page.Find("[data-testid=submit-run]");

    /// <summary>The field's own box: its input, label and the helper or error text under it.</summary>
    static IElement FieldContainer(IRenderedComponent<NewRun> page, string id) =>
        page.Find($"#{id}").Closest(".mud-input-control") ?? throw new InvalidOperationException($"{id} has no field container");
}
