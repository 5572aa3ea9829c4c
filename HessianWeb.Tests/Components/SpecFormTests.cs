using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Components;

public sealed class SpecFormTests
{
    [Fact]
    public void The_untouched_form_is_the_default_spec()
    {
        var draft = SpecForm.From(new ExperimentSpec()).Build();

        Assert.True(draft.IsValid);
        Assert.Equal(SpecJson.Serialize(new ExperimentSpec()), SpecJson.Serialize(draft.Spec));
    }

    [Theory]
    [InlineData("10, 5", new[] { 10, 5 })]
    [InlineData("10,5", new[] { 10, 5 })]
    [InlineData(" 64 ", new[] { 64 })]
    [InlineData("", new int[0])]
    public void Widths_are_whole_numbers_separated_by_commas(string text, int[] widths) =>
        Assert.Equal(widths, SpecForm.ParseWidths(text));

    [Fact]
    public void Scientific_notation_is_a_number_and_a_mini_batch_is_a_batch_size()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.GradNormTolerance = "1e-6";
        form.FullBatch = false;
        form.BatchSize = "25";

        var draft = form.Build();

        Assert.True(draft.IsValid);
        Assert.Equal(1e-6, draft.Spec.Training.GradNormTolerance);
        Assert.Equal(25, draft.Spec.Training.BatchSize);
    }

    [Fact]
    public void A_field_that_does_not_parse_gets_its_own_message_not_the_validators_word_on_a_stand_in()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.Epochs = "lots";

        var draft = form.Build();

        Assert.Equal(["'lots' is not a whole number."], draft.Errors["training.epochs"]);
        Assert.Single(draft.Errors);
    }
}
