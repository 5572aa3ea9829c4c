using AngleSharp.Dom;
using Bunit;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Components;

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
        Assert.Empty(await Store.ListAsync());
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

        var run = Assert.Single(await Store.ListAsync());
        Assert.Equal("wider net", run.Name);
        Assert.Equal([20, 10], run.Spec.Model.HiddenWidths);
        var expected = new ExperimentSpec { Name = "wider net", Model = new ModelSpec { HiddenWidths = [20, 10] } };
        Assert.Equal(SpecJson.Serialize(expected), SpecJson.Serialize(run.Spec));
        Assert.EndsWith($"/runs/{run.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_submitted_run_goes_to_an_idle_worker_at_once()
    {
        Registry.Add(Worker("gpu-1"));
        var page = Render<NewRun>();

        await SubmitButton(page).ClickAsync(new());

        var run = Assert.Single(await Store.ListAsync());
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

        var analysis = Assert.Single(await Store.ListAsync()).Spec.Analysis;
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

    // MudSwitch puts extra attributes on its checkbox input.
    static IElement Switch(IRenderedComponent<NewRun> page, string id) => page.Find($"input[data-testid={id}]");

    static string? Value(IRenderedComponent<NewRun> page, string id) => page.Find($"#{id}").GetAttribute("value");

    static IElement SubmitButton(IRenderedComponent<NewRun> page) => page.Find("[data-testid=submit-run]");

    /// <summary>The field's own box: its input, label and the helper or error text under it.</summary>
    static IElement FieldContainer(IRenderedComponent<NewRun> page, string id) =>
        page.Find($"#{id}").Closest(".mud-input-control") ?? throw new InvalidOperationException($"{id} has no field container");
}
