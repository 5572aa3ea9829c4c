using HessianWeb.Shared;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

public sealed class SpecFormTests
{
    [Fact]
    public void The_untouched_form_is_the_default_spec()
    {
        var draft = SpecForm.From(new ExperimentSpec()).Build();

        Assert.True(draft.IsValid);
        Assert.Equal(JsonFormat.Serialize(new ExperimentSpec()), JsonFormat.Serialize(draft.Spec));
    }

    [Theory]
    [InlineData(DataKind.Moons)]
    [InlineData(DataKind.Circles)]
    [InlineData(DataKind.Mnist)]
    [InlineData(DataKind.FashionMnist)]
    public void Every_data_set_survives_the_round_trip_through_the_form(DataKind kind)
    {
        var spec = new ExperimentSpec
        {
            Data = new DataSpec
            {
                Kind = kind, Noise = 0.05, Factor = 0.3, PerClass = 50, ClassList = SpecLimits.IsImageSet(kind) ? [1, 7] : null,
                Directory = SpecLimits.IsImageSet(kind) ? "/data/x" : null, Standardise = false, Separation = 4, ClustersPerClass = 2,
            },
        };

        var draft = SpecForm.From(spec).Build();

        Assert.True(draft.IsValid);
        Assert.Equal(JsonFormat.Serialize(spec), JsonFormat.Serialize(draft.Spec));
    }

    [Fact]
    public void A_field_the_data_set_does_not_show_neither_blocks_the_run_nor_is_stored()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.Data.InputDim = "lots";
        form.Data.Kind = DataKind.FashionMnist;

        var draft = form.Build();

        Assert.True(draft.IsValid);
        Assert.Equal(new DataSpec().InputDim, draft.Spec.Data.InputDim);
        Assert.Equal("lots", form.Data.InputDim);
    }

    [Theory]
    [InlineData("10, 5", new[] { 10, 5 })]
    [InlineData("10,5", new[] { 10, 5 })]
    [InlineData(" 64 ", new[] { 64 })]
    [InlineData("", new int[0])]
    public void Widths_are_whole_numbers_separated_by_commas(string text, int[] widths) =>
        Assert.Equal(widths, FieldParser.Widths(text));

    [Fact]
    public void Scientific_notation_is_a_number_and_a_mini_batch_is_a_batch_size()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.Training.GradNormTolerance = "1e-6";
        form.Training.FullBatch = false;
        form.Training.BatchSize = "25";

        var draft = form.Build();

        Assert.True(draft.IsValid);
        Assert.Equal(1e-6, draft.Spec.Training.GradNormTolerance);
        Assert.Equal(25, draft.Spec.Training.BatchSize);
    }

    [Fact]
    public void A_field_that_does_not_parse_gets_its_own_message_not_the_validators_word_on_a_stand_in()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.Training.Epochs = "lots";

        var draft = form.Build();

        Assert.Equal(["'lots' is not a whole number."], draft.Errors["training.epochs"]);
        Assert.Single(draft.Errors);
    }

    public static TheoryData<ExperimentSpec> ModelAndTrainingSpecs => new()
    {
        new ExperimentSpec
        {
            Data = new DataSpec { Kind = DataKind.Cifar10, PerClass = 20 },
            Model = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [4, 8], KernelSize = 3, Pool = 2, HiddenWidths = [32], Bias = false, Init = InitKind.Glorot },
            Training = new TrainingSpec { Optimizer = OptimizerKind.Adam, WeightDecay = 1e-4, Schedule = LearningRateSchedule.Step, StepEvery = 10, StepFactor = 0.5, LossTolerance = 0.01 },
        },
        new ExperimentSpec
        {
            Model = new ModelSpec { Init = InitKind.He, Activation = Activation.Tanh },
            Training = new TrainingSpec { Momentum = 0.9, Schedule = LearningRateSchedule.Cosine, BatchSize = 10 },
        },
    };

    [Theory]
    [MemberData(nameof(ModelAndTrainingSpecs))]
    public void Model_and_training_options_survive_the_round_trip_through_the_form(ExperimentSpec spec)
    {
        var draft = SpecForm.From(spec).Build();

        Assert.True(draft.IsValid, string.Join("; ", draft.Errors.SelectMany(e => e.Value)));
        Assert.Equal(JsonFormat.Serialize(spec), JsonFormat.Serialize(draft.Spec));
    }

    [Fact]
    public void Conv_fields_an_mlp_does_not_show_neither_block_the_run_nor_are_stored()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.Model.ConvChannels = "six";
        form.Model.KernelSize = "";
        form.Training.StepEvery = "often";

        var draft = form.Build();

        Assert.True(draft.IsValid);
        Assert.True(draft.ShapeKnown);
        Assert.Equal(new ModelSpec().ConvChannels, draft.Spec.Model.ConvChannels);
        Assert.Equal(new TrainingSpec().StepEvery, draft.Spec.Training.StepEvery);
    }

    [Fact]
    public void Unparsed_conv_channels_of_a_cnn_get_their_own_message_and_leave_the_size_unknown()
    {
        var form = SpecForm.From(new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Mnist }, Model = new ModelSpec { Kind = ModelKind.Cnn } });
        form.Model.ConvChannels = "6, x";

        var draft = form.Build();

        Assert.Equal(["Give whole numbers separated by commas, e.g. 6, 16."], draft.Errors[SpecFields.Model.ConvChannels]);
        Assert.Single(draft.Errors);
        Assert.False(draft.ShapeKnown);
    }
}
