using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Compare;

/// <summary>
/// Runs side by side: every chart overlays them, one colour per run; the address holds the whole view
/// (<see cref="CompareView"/>), so a copied link reproduces it.
/// </summary>
public sealed partial class ComparePage
{
    [Inject] RunStore Store { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "runs")] public string? RunsParameter { get; set; }
    [SupplyParameterFromQuery(Name = "smooth")] public string? SmoothParameter { get; set; }
    [SupplyParameterFromQuery(Name = "logLoss")] public string? LogLossParameter { get; set; }
    [SupplyParameterFromQuery(Name = "logSpectrum")] public string? LogSpectrumParameter { get; set; }
    [SupplyParameterFromQuery(Name = "logDensity")] public string? LogDensityParameter { get; set; }
    [SupplyParameterFromQuery(Name = "checkpoint")] public string? CheckpointParameter { get; set; }
    [SupplyParameterFromQuery(Name = "config")] public string? ConfigParameter { get; set; }

    CompareView view = new();
    Dictionary<string, string[]> errors = [];
    RunComparison? comparison;
    IReadOnlyList<Guid> loadedRuns = [];
    // Bumped on each load so that the charts are drawn afresh from the new data.
    int loadCount;

    protected override async Task OnParametersSetAsync()
    {
        var parameters = new Dictionary<string, string?>
        {
            ["runs"] = RunsParameter, ["smooth"] = SmoothParameter, ["logLoss"] = LogLossParameter, ["logSpectrum"] = LogSpectrumParameter,
            ["logDensity"] = LogDensityParameter, ["checkpoint"] = CheckpointParameter, ["config"] = ConfigParameter,
        };
        (view, errors) = CompareView.Parse(name => parameters.GetValueOrDefault(name));
        if (comparison is null || !loadedRuns.SequenceEqual(view.Runs))
        {
            comparison = await RunComparison.LoadAsync(Store, view.Runs);
            loadedRuns = view.Runs;
            loadCount++;
        }
    }

    /// <summary>"?runs=…&amp;…": the view's parameters for the download links, which take the page's own.</summary>
    string ViewQuery => "?" + string.Join('&', view.ToParameters()
        .Where(p => p.Value is not null)
        .Select(p => $"{p.Key}={Uri.EscapeDataString(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}"));

    IReadOnlyList<string> Labels => comparison!.Runs.Select((r, i) => CompareCharts.Label(r, i)).ToList();

    IReadOnlyList<string> CheckpointChoices
    {
        get
        {
            var choices = comparison!.Checkpoints.ToList();
            if (!choices.Contains(view.Checkpoint)) choices.Add(view.Checkpoint);
            return choices;
        }
    }

    Task GoAsync(CompareView next)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(next.ToParameters()), replace: true);
        return Task.CompletedTask;
    }

    ChartOptions LossOptions => new()
    {
        Title = "Training loss",
        XAxisTitle = "epoch",
        YAxisTitle = view.LogLoss ? "train loss (log scale)" : "train loss",
        IntegerX = true,
        LogY = view.LogLoss,
        NoDataText = "No epochs recorded.",
    };

    ChartOptions AccuracyOptions => new()
    {
        Title = "Test accuracy",
        XAxisTitle = "epoch",
        YAxisTitle = "accuracy (%)",
        IntegerX = true,
        YMin = 0,
        YMax = 100,
        NoDataText = "No epochs recorded.",
    };

    ChartOptions SpectrumOptions => new()
    {
        Title = $"Sorted Hessian eigenvalues at {view.Checkpoint}",
        XAxisTitle = "index i (largest first)",
        YAxisTitle = view.LogSpectrum ? "|λᵢ| (log scale, zeros left out)" : "λᵢ",
        IntegerX = true,
        LogY = view.LogSpectrum,
        NoDataText = $"No spectrum at {view.Checkpoint}.",
    };

    ChartOptions DensityOptions => new()
    {
        Title = $"Spectral density at {view.Checkpoint}",
        XAxisTitle = "λ",
        YAxisTitle = view.LogDensity ? "density (log scale)" : "density",
        LogY = view.LogDensity,
        NoDataText = $"No density at {view.Checkpoint}.",
    };

    ChartOptions RitzOptions => new()
    {
        Title = $"Ritz convergence at {view.Checkpoint}",
        XAxisTitle = "Lanczos iteration",
        YAxisTitle = "largest Ritz value θ₁",
        IntegerX = true,
        NoDataText = $"No Lanczos iterations at {view.Checkpoint}.",
    };

    ChartOptions OutlierOptions => new()
    {
        Title = $"Outliers above the bulk at {view.Checkpoint}",
        XAxisTitle = "run",
        YAxisTitle = "eigenvalues above the bulk edge",
        Kind = ChartKind.Bar,
        XLabels = Labels,
        YMin = 0,
        NoDataText = $"No outlier counts at {view.Checkpoint}.",
    };
}
