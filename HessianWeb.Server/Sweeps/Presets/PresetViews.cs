using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>
/// What the sweep page adds for a preset: a title, the example file the "Paper presets" buttons post, and a panel
/// component (taking <c>Sweep</c> and <c>Aggregation</c> parameters) with the preset's own charts and its claim beside
/// what the sweep measured. A new preset is a file in examples/, an id in <see cref="SweepPresets"/>, and an entry here.
/// </summary>
/// <param name="Examples">The examples/ files to post, the first whose data the worker has (see <see cref="PaperPresets"/>).</param>
public sealed record PresetView(string Id, string Title, string Summary, Type Panel, IReadOnlyList<string> Examples);

public static class PresetViews
{
    public static IReadOnlyList<PresetView> All { get; } =
    [
        new(SweepPresets.OutliersVsClasses, "Outliers follow the classes",
            "Blobs with k = 2 … 10 classes, a fixed [10, 5] network: how many outliers, beside k and k − 1.",
            typeof(OutliersVsClassesPanel), ["paper-outliers-vs-classes.json"]),
        new(SweepPresets.OutliersVsSeparability, "Outliers follow the separability",
            "Four classes of blobs, cluster std 0.5 … 4: the outliers move as the data blur; the bulk stays.",
            typeof(SeparabilityPanel), ["paper-outliers-vs-separability.json"]),
        new(SweepPresets.BulkVsParameters, "The bulk follows the parameters",
            "Fixed data (1,000 Fashion-MNIST images, else blobs in d = 50), hidden width 10 … 70: the share of near-zero eigenvalues vs M.",
            typeof(BulkVsParametersPanel), ["paper-bulk-vs-parameters.json", "paper-bulk-vs-parameters-blobs.json"]),
        new(SweepPresets.GaussNewton, "Gauss–Newton decomposition H = G + R",
            "Spectra of H, G and R at initialisation and at the end, and ‖R‖ over training, over three initialisations.",
            typeof(GaussNewtonPanel), ["paper-gauss-newton.json"]),
        new(SweepPresets.LargeVsSmallBatch, "Large batch vs small batch, one basin",
            "Batch 500, then batch 10 from its solution, over three initialisations: the climb, λ₁ at both ends, and the line between them.",
            typeof(LargeVsSmallBatchPanel), ["paper-large-vs-small-batch.json"]),
    ];

    public static PresetView? For(string? preset) => All.FirstOrDefault(p => p.Id == preset);

    /// <summary>
    /// The sweep's preset view; without a preset, a sweep along a hidden width still gets the width preset's densities
    /// and near-zero share against M.
    /// </summary>
    public static PresetView? ForSweep(string? preset, string? sweptPath) =>
        For(preset) ?? (sweptPath?.StartsWith(SpecFields.Model.HiddenWidths, StringComparison.Ordinal) == true ? For(SweepPresets.BulkVsParameters) : null);
}
