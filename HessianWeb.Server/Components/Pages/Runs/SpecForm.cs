using HessianWeb.Server.Components.Pages.Runs.YourModel;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// The new-run form's fields as typed (text, so that "1e-4" and a half-typed "0." are fine), one section per part of
/// the spec, turned into a spec and checked by the same <see cref="SpecValidator"/> the API uses. Error keys are the
/// validator's <see cref="SpecFields"/>; a field that does not parse gets its own message under its own key.
/// </summary>
public sealed class SpecForm
{
    public string Name { get; set; } = "";
    /// <summary>The device the run asks for; null: any worker.</summary>
    public DeviceKind? Device { get; set; }
    public DataForm Data { get; private init; } = new();
    public ModelForm Model { get; private init; } = new();
    public TrainingForm Training { get; private init; } = new();
    public AnalysisForm Analysis { get; private init; } = new();
    /// <summary>The "Your model" tab's uploads, used instead of <see cref="Data"/> and <see cref="Model"/> while <see cref="UsesUploads"/>.</summary>
    public YourModelForm Uploaded { get; private init; } = new();
    public bool UsesUploads { get; private set; }

    /// <summary>Each tab keeps its own epochs: uploaded weights are analysed as they are (0 epochs) unless asked otherwise.</summary>
    string otherTabEpochs = "0";

    /// <summary>Switches between the built-in networks and the user's uploads.</summary>
    public void UseUploads(bool uploads)
    {
        if (uploads == UsesUploads) return;
        UsesUploads = uploads;
        (Training.Epochs, otherTabEpochs) = (otherTabEpochs, Training.Epochs);
    }

    /// <summary>The fields the form shows, so that an error under any other key is shown apart (<see cref="SpecDraft.Unplaced"/>).</summary>
    internal static IReadOnlySet<string> Shown { get; } =
        new[] { SpecFields.Name, SpecFields.Device }.Concat(DataForm.Shown).Concat(ModelForm.Shown).Concat(TrainingForm.Shown).Concat(AnalysisForm.Shown).Concat(YourModelPanel.Shown).ToHashSet();

    /// <summary>What the form does not show (e.g. the Lanczos tolerance) comes from here unchanged.</summary>
    ExperimentSpec basis = new();

    public static SpecForm From(ExperimentSpec spec) => new()
    {
        basis = spec,
        Name = spec.Name,
        Device = spec.Device,
        Data = DataForm.From(spec.Data),
        Model = ModelForm.From(spec.Model),
        Training = TrainingForm.From(spec.Training, spec.Data),
        Analysis = AnalysisForm.From(spec.Analysis),
    };

    public SpecDraft Build()
    {
        var parse = new FieldParser();
        var b = basis;
        var spec = b with
        {
            Name = Name.Trim(),
            Device = Device,
            Data = UsesUploads ? Uploaded.BuildData(b.Data) : Data.Build(b.Data, parse),
            Model = UsesUploads ? Uploaded.BuildModel(b.Model, Model.Dtype, Model.Loss) : Model.Build(b.Model, parse),
            Training = Training.Build(b.Training, parse),
            Analysis = Analysis.Build(b.Analysis, parse),
        };

        // The validator judged the stand-in value of a field that did not parse: its word there is moot.
        var unparsed = parse.Unparsed;
        var errors = SpecValidator.Validate(spec)
            .Where(e => !unparsed.ContainsKey(e.Key))
            .Concat(unparsed)
            .ToDictionary(e => e.Key, e => e.Value);
        var cnn = spec.Model.Kind == ModelKind.Cnn;
        var shapeKnown = UsesUploads ? Uploaded.ShapeKnown : (!unparsed.ContainsKey(SpecFields.Data.Classes) && !unparsed.ContainsKey(SpecFields.Data.InputDim)
            && !unparsed.ContainsKey(SpecFields.Data.ClassList) && !unparsed.ContainsKey(SpecFields.Model.HiddenWidths)
            && (!cnn || (!unparsed.ContainsKey(SpecFields.Model.ConvChannels) && !unparsed.ContainsKey(SpecFields.Model.KernelSize)
                && !unparsed.ContainsKey(SpecFields.Model.Pool)
                && spec.Model.ConvChannels.All(c => c >= 1) && SpecLimits.ConvFeatures(spec.Model, spec.Data) is not null)));
        return new SpecDraft(spec, errors, shapeKnown);
    }
}
