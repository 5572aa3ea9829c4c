using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Components.Pages.Runs.YourModel;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Tests.Server.Components.Pages.Runs.YourModel;

/// <summary>The "Your model" tab's choices as the spec the Start button submits.</summary>
public sealed class YourModelFormTests
{
    static UploadSummary Upload(string fileName, UploadKind kind, UploadContents contents) =>
        new(Guid.NewGuid(), new string('a', 64), 100, fileName, kind, DateTimeOffset.UnixEpoch, "admin", contents);

    static readonly UploadSummary Layers = Upload("model.json", UploadKind.Layers,
        new() { ParameterCount = 27, InputShape = [2], Architecture = ["input [2]", "0: Linear(2 → 4) → [4]", "1: ReLU → [4]", "2: Linear(4 → 3) → [3]"] });

    static readonly UploadSummary Weights = Upload("model.safetensors", UploadKind.Safetensors,
        new() { Tensors = [new("0.weight", "F64", [4, 2]), new("0.bias", "F64", [4]), new("2.weight", "F64", [3, 4]), new("2.bias", "F64", [3])] });

    static readonly UploadSummary Data = Upload("data.safetensors", UploadKind.Safetensors,
        new() { Tensors = [new("x", "F64", [20, 2]), new("y", "I64", [20]), new("x_test", "F64", [5, 2]), new("y_test", "I64", [5])], Classes = 3 });

    [Fact]
    public void Dropped_files_fill_the_choices_they_fit_whatever_their_order()
    {
        var form = new YourModelForm();
        foreach (var upload in new[] { Data, Weights, Layers }) form.Offer(upload);

        Assert.Same(Data, form.Data);
        Assert.Same(Layers, form.Model);
        Assert.Same(Weights, form.Weights);
        Assert.Equal(ModelKind.Sequential, form.Kind);
        Assert.True(YourModelForm.IsData(Data));
        Assert.False(YourModelForm.IsWeights(Data));
        Assert.True(YourModelForm.IsWeights(Weights));
    }

    [Fact]
    public void The_tab_submits_tensors_data_and_the_uploaded_model_with_zero_epochs_and_the_built_in_tab_gets_its_own_back()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.UseUploads(true);
        foreach (var upload in new[] { Layers, Weights, Data }) form.Uploaded.Offer(upload);
        var draft = form.Build();

        Assert.True(draft.IsValid, string.Join(" ", draft.Errors.SelectMany(e => e.Value)));
        Assert.True(draft.ShapeKnown);
        var (data, model) = (draft.Spec.Data, draft.Spec.Model);
        Assert.Equal((DataKind.Tensors, Data.Id, 2, 3, 20, 5, false), (data.Kind, data.File, data.InputDim, data.Classes, data.TrainSize, data.TestSize, data.Standardise));
        Assert.Equal((ModelKind.Sequential, Layers.Id, Weights.Id, 27L), (model.Kind, model.File, model.Weights, model.ParameterCount));
        Assert.Equal(0, draft.Spec.Training.Epochs);
        Assert.Equal(27, SpecLimits.ParameterCount(draft.Spec));

        form.UseUploads(false);
        var builtIn = form.Build().Spec;
        Assert.Equal((DataKind.Blobs, ModelKind.Mlp), (builtIn.Data.Kind, builtIn.Model.Kind));
        Assert.Equal(new ExperimentSpec().Training.Epochs, builtIn.Training.Epochs);
    }

    [Fact]
    public void Nothing_chosen_names_each_missing_file()
    {
        var form = SpecForm.From(new ExperimentSpec());
        form.UseUploads(true);
        var draft = form.Build();

        Assert.False(draft.IsValid);
        Assert.False(draft.ShapeKnown);
        Assert.NotNull(draft.Message(SpecFields.Data.File));
        Assert.NotNull(draft.Message(SpecFields.Model.File));
        Assert.NotNull(draft.Message(SpecFields.Model.Weights));
        Assert.Empty(draft.Unplaced);
    }
}
