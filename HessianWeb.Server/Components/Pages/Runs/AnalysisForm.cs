using HessianWeb.Shared.Specs;
using static HessianWeb.Server.Components.Pages.Runs.FieldParser;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>The form's analysis section as typed; the settings it does not show (e.g. the Lanczos tolerance) are kept as they came.</summary>
public sealed class AnalysisForm
{
    public string LanczosK { get; set; } = "";
    public string LanczosMaxSteps { get; set; } = "";
    public string LanczosBottomK { get; set; } = "";
    public Reorthogonalisation Reorthogonalisation { get; set; }
    public ExactSpectrumMode Exact { get; set; }
    public bool Decomposition { get; set; }
    public bool Density { get; set; }
    public bool Trace { get; set; }
    /// <summary>Empty: analyse at init and end only.</summary>
    public string EveryEpochs { get; set; } = "";

    /// <summary>The fields whose errors this section shows.</summary>
    internal static readonly string[] Shown =
    [
        SpecFields.Analysis.LanczosK, SpecFields.Analysis.LanczosMaxSteps, SpecFields.Analysis.LanczosBottomK,
        SpecFields.Analysis.Reorthogonalisation, SpecFields.Analysis.Exact, SpecFields.Analysis.EveryEpochs,
    ];

    internal static AnalysisForm From(AnalysisSpec analysis) => new()
    {
        LanczosK = Text(analysis.LanczosK),
        LanczosMaxSteps = Text(analysis.LanczosMaxSteps),
        LanczosBottomK = Text(analysis.LanczosBottomK),
        Reorthogonalisation = analysis.Reorthogonalisation,
        Exact = analysis.Exact,
        Decomposition = analysis.Decomposition,
        Density = analysis.Density.Enabled,
        Trace = analysis.Trace.Enabled,
        EveryEpochs = analysis.EveryEpochs is { } every ? Text(every) : "",
    };

    internal AnalysisSpec Build(AnalysisSpec b, FieldParser parse) => b with
    {
        LanczosK = parse.Int(LanczosK, b.LanczosK, SpecFields.Analysis.LanczosK),
        LanczosMaxSteps = parse.Int(LanczosMaxSteps, b.LanczosMaxSteps, SpecFields.Analysis.LanczosMaxSteps),
        LanczosBottomK = parse.Int(LanczosBottomK, b.LanczosBottomK, SpecFields.Analysis.LanczosBottomK),
        Reorthogonalisation = Reorthogonalisation,
        Exact = Exact,
        Decomposition = Decomposition,
        Density = b.Density with { Enabled = Density },
        Trace = b.Trace with { Enabled = Trace },
        EveryEpochs = EveryEpochs.Trim().Length == 0 ? null : parse.Int(EveryEpochs, 1, SpecFields.Analysis.EveryEpochs),
    };
}
