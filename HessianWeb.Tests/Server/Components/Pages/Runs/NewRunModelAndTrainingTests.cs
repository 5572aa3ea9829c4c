using AngleSharp.Dom;
using Bunit;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

/// <summary>The new-run form's model and training fields: the CNN's, the initialisation, the optimizer and the schedule.</summary>
public sealed class NewRunModelAndTrainingTests : DashboardTestContext
{
    [Fact]
    public async Task A_cnn_on_fashion_mnist_shows_its_conv_fields_and_its_count_follows_them()
    {
        var page = Render<NewRun>();
        Assert.Empty(page.FindAll("#field-conv-channels"));

        await Choose(page, DataKind.FashionMnist);
        await Choose(page, ModelKind.Cnn);

        Assert.Equal("6, 16", Value(page, "field-conv-channels"));
        Assert.Equal("5", Value(page, "field-kernel-size"));
        Assert.Equal("2", Value(page, "field-pool"));
        // conv 1→6: 6·(25+1) = 156; conv 6→16: 16·(150+1) = 2,416; 16·4·4 = 256 → 10: 2,570; 10 → 5: 55; 5 → 10: 60.
        Assert.Equal("M = 5,257", Count(page));
        Assert.Contains("1×28×28 → conv 6, 16 (5×5, pool 2) → 256 → 10 → 5 → 10", page.Find("[data-testid=network-shape]").TextContent);
        Assert.Contains("LeNet-style", page.Find("[data-testid=model-description]").TextContent);

        page.Find("#field-kernel-size").Input("3");
        // 28 → 26 → 13 → 11 → 5: conv 6·10 = 60, 16·55 = 880; 16·5·5 = 400 → 10: 4,010; then 55 + 60.
        Assert.Equal("M = 5,065", Count(page));
        page.Find("#field-per-class").Input("10");
        await SubmitButton(page).ClickAsync(new());

        var model = Assert.Single(await Listing.ListAsync()).Spec.Model;
        Assert.Equal(ModelKind.Cnn, model.Kind);
        Assert.Equal([6, 16], model.ConvChannels);
        Assert.Equal((3, 2), (model.KernelSize, model.Pool));
    }

    [Fact]
    public async Task Conv_layers_that_do_not_fit_the_images_are_explained_under_their_field()
    {
        var page = Render<NewRun>();
        await Choose(page, DataKind.Mnist);
        await Choose(page, ModelKind.Cnn);

        page.Find("#field-conv-channels").Input("6, 16, 16");

        Assert.Contains("shrink to nothing in conv layer 3", FieldContainer(page, "field-conv-channels").TextContent);
        Assert.Equal("M = —", Count(page));
        Assert.True(SubmitButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_cnn_on_blobs_is_refused_naming_the_network()
    {
        var page = Render<NewRun>();

        await Choose(page, ModelKind.Cnn);

        Assert.Contains("A CNN needs images", page.Markup);
        Assert.True(SubmitButton(page).HasAttribute("disabled"));
        await SubmitButton(page).ClickAsync(new());
        Assert.Empty(await Listing.ListAsync());
    }

    [Fact]
    public async Task Cifar_10_sizes_a_3072_input_mlp()
    {
        var page = Render<NewRun>();

        await Choose(page, DataKind.Cifar10);

        // (3072+1)·10 + (10+1)·5 + (5+1)·10
        Assert.Equal("M = 30,845", Count(page));
        Assert.Contains("3×32×32 pixels: 3,072 inputs", page.Find("[data-testid=data-description]").TextContent);
        Assert.Contains("CIFAR-10: training and test sets from the files", page.Find("[data-testid=data-plan]").TextContent);
        Assert.Contains("cifar-10-batches-bin", FieldContainer(page, "field-data-directory").TextContent);
    }

    [Fact]
    public async Task Without_biases_and_with_he_init_the_count_drops_and_the_std_is_not_asked_for()
    {
        var page = Render<NewRun>();

        Switch(page, "field-bias").Change(false);
        // 2·10 + 10·5 + 5·4
        Assert.Equal("M = 90", Count(page));
        Assert.NotEmpty(page.FindAll("#field-init-std"));
        await Choose(page, InitKind.He);
        Assert.Empty(page.FindAll("#field-init-std"));

        await SubmitButton(page).ClickAsync(new());
        var model = Assert.Single(await Listing.ListAsync()).Spec.Model;
        Assert.False(model.Bias);
        Assert.Equal(InitKind.He, model.Init);
    }

    [Fact]
    public async Task Sgd_with_momentum_weight_decay_a_step_schedule_and_a_loss_rule_reach_the_stored_spec()
    {
        var page = Render<NewRun>();
        Assert.Empty(page.FindAll("#field-step-every"));

        page.Find("#field-momentum").Input("0.9");
        page.Find("#field-weight-decay").Input("1e-4");
        page.Find("#field-loss-tolerance").Input("0.01");
        await Choose(page, LearningRateSchedule.Step);
        page.Find("#field-step-every").Input("500");
        page.Find("#field-step-factor").Input("0.5");
        await SubmitButton(page).ClickAsync(new());

        var training = Assert.Single(await Listing.ListAsync()).Spec.Training;
        Assert.Equal(OptimizerKind.Sgd, training.Optimizer);
        Assert.Equal((0.9, 1e-4, 0.01), (training.Momentum, training.WeightDecay, training.LossTolerance));
        Assert.Equal(LearningRateSchedule.Step, training.Schedule);
        Assert.Equal((500, 0.5), (training.StepEvery, training.StepFactor));
    }

    [Fact]
    public async Task Adam_hides_the_momentum_and_what_was_typed_there_neither_blocks_nor_is_stored()
    {
        var page = Render<NewRun>();
        page.Find("#field-momentum").Input("2");
        Assert.Contains("The momentum must be at least 0 and below 1.", FieldContainer(page, "field-momentum").TextContent);

        await Choose(page, OptimizerKind.Adam);
        await Choose(page, LearningRateSchedule.Cosine);

        Assert.Empty(page.FindAll("#field-momentum"));
        Assert.Empty(page.FindAll("#field-step-every"));
        await SubmitButton(page).ClickAsync(new());
        var training = Assert.Single(await Listing.ListAsync()).Spec.Training;
        Assert.Equal(OptimizerKind.Adam, training.Optimizer);
        Assert.Equal(0, training.Momentum);
        Assert.Equal(LearningRateSchedule.Cosine, training.Schedule);
    }

    /// <summary>Picks a value as the select's popover would: through the bound callback of the one select of that type.</summary>
    static async Task Choose<T>(IRenderedComponent<NewRun> page, T value)
    {
        var select = page.FindComponent<MudBlazor.MudSelect<T>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    static string Count(IRenderedComponent<NewRun> page) => page.Find("[data-testid=parameter-count]").TextContent.Trim();

    // MudSwitch puts extra attributes on its checkbox input.
    static IElement Switch(IRenderedComponent<NewRun> page, string id) => page.Find($"input[data-testid={id}]");

    static string? Value(IRenderedComponent<NewRun> page, string id) => page.Find($"#{id}").GetAttribute("value");

    static IElement SubmitButton(IRenderedComponent<NewRun> page) => page.Find("[data-testid=submit-run]");

    static IElement FieldContainer(IRenderedComponent<NewRun> page, string id) =>
        page.Find($"#{id}").Closest(".mud-input-control") ?? throw new InvalidOperationException($"{id} has no field container");
}
