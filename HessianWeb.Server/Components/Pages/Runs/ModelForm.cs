using HessianWeb.Shared.Specs;
using static HessianWeb.Server.Components.Pages.Runs.FieldParser;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>The form's model section as typed.</summary>
public sealed class ModelForm
{
    public ModelKind Kind { get; set; }
    public string HiddenWidths { get; set; } = "";
    public Activation Activation { get; set; }
    public string InitStd { get; set; } = "";
    public string Seed { get; set; } = "";
    /// <summary>CNN: comma-separated output channels of the conv layers.</summary>
    public string ConvChannels { get; set; } = "";
    public string KernelSize { get; set; } = "";
    public string Pool { get; set; } = "";
    public bool Bias { get; set; }
    public InitKind Init { get; set; }
    public ModelDtype Dtype { get; set; }
    public LossKind Loss { get; set; }

    /// <summary>The fields whose errors this section shows.</summary>
    internal static readonly string[] Shown =
    [
        SpecFields.Model.Kind, SpecFields.Model.HiddenWidths, SpecFields.Model.Activation, SpecFields.Model.InitStd, SpecFields.Model.Seed,
        SpecFields.Model.ConvChannels, SpecFields.Model.KernelSize, SpecFields.Model.Pool, SpecFields.Model.Bias, SpecFields.Model.Init,
        SpecFields.Model.Dtype, SpecFields.Model.Loss,
    ];

    internal static ModelForm From(ModelSpec model) => new()
    {
        Kind = model.Kind,
        HiddenWidths = string.Join(", ", model.HiddenWidths),
        Activation = model.Activation,
        InitStd = Text(model.InitStd),
        Seed = Text(model.Seed),
        ConvChannels = string.Join(", ", model.ConvChannels),
        KernelSize = Text(model.KernelSize),
        Pool = Text(model.Pool),
        Bias = model.Bias,
        Init = model.Init,
        Dtype = model.Dtype,
        Loss = model.Loss,
    };

    /// <summary>As with the data sets' fields: what only a CNN shows is read only for a CNN, and kept as it came otherwise.</summary>
    internal ModelSpec Build(ModelSpec b, FieldParser parse)
    {
        var widths = Widths(HiddenWidths);
        if (widths is null) parse.Unparsed[SpecFields.Model.HiddenWidths] = ["Give whole numbers separated by commas, e.g. 10, 5 (leave empty for a linear model)."];
        var cnn = Kind == ModelKind.Cnn;
        var channels = cnn ? Widths(ConvChannels) : b.ConvChannels;
        if (channels is null) parse.Unparsed[SpecFields.Model.ConvChannels] = ["Give whole numbers separated by commas, e.g. 6, 16."];
        return b with
        {
            HiddenWidths = widths ?? b.HiddenWidths,
            Activation = Activation,
            InitStd = Init == InitKind.Normal ? parse.Real(InitStd, b.InitStd, SpecFields.Model.InitStd) : b.InitStd,
            Seed = parse.Int(Seed, b.Seed, SpecFields.Model.Seed),
            Kind = Kind,
            ConvChannels = channels ?? b.ConvChannels,
            KernelSize = cnn ? parse.Int(KernelSize, b.KernelSize, SpecFields.Model.KernelSize) : b.KernelSize,
            Pool = cnn ? parse.Int(Pool, b.Pool, SpecFields.Model.Pool) : b.Pool,
            Bias = Bias,
            Init = Init,
            Dtype = Dtype,
            Loss = Loss,
        };
    }
}
