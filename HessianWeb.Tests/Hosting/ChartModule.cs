using System.Text.Json;
using Bunit;
using HessianWeb.Server.Components.Charts;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// What a page sent to wwwroot/js/charts.js, per chart (known by the start of its title, which may go on
/// with the checkpoint shown) and series: the series a chart was created with, every append after and
/// the last replace, in order.
/// </summary>
public sealed class ChartModule
{
    static readonly string[] Known =
    [
        "Loss", "Accuracy", "Ritz values", "Residual bounds", "Eigenvalues, largest first", "Exact eigenvalues",
        "Spectral density", "Trace of H over training", "Outliers over training", "Along",
        "Outliers at the end of training", "Top eigenvalues at the end of training",
        // The compare page's.
        "Train loss", "Test loss", "Train accuracy", "Test accuracy", "Sorted eigenvalues", "Eigenvalue densities", "Ritz convergence", "Outlier counts",
        // Preset 4's sweep panel.
        "Training loss through both phases", "The switch to small batches", "Interpolated loss", "Interpolated accuracy",
        "Interpolated top eigenvalue", "λ₁ of H at init",
        "Eigenvalues of H, G and R at init", "Eigenvalues of H, G and R at end", "‖R‖ over training", "Share of eigenvalues near zero",
        // The class-structure panel's and the compare page's section.
        "Top eigenvalues: predicted by the class means", "Predicted (G_class, points)",
    ];

    readonly BunitJSModuleInterop module;
    readonly Dictionary<int, string> titles = [];

    public ChartModule(BunitJSInterop js)
    {
        module = js.SetupModule("./js/charts.js");
        // Planned, so that bUnit records them (it keeps no record of unplanned void calls on a module).
        foreach (var method in new[] { "append", "replace", "update", "destroy" })
            module.SetupVoid(method, _ => true).SetVoidResult();
        // Each chart gets its own id, so that an append names the chart it is for.
        for (var i = 0; i < Known.Length; i++)
        {
            var (id, title) = (i + 1, Known[i]);
            titles[id] = title;
            module.Setup<int>("create", call => Matches(Title(call.Arguments[1]), title)).SetResult(id);
        }
    }

    /// <summary>The points a chart holds now in the named series.</summary>
    public List<double[]> PointsSent(string title, string series) =>
        SeriesSent(title).Where(s => s.Name == series).SelectMany(s => s.Points).ToList();

    /// <summary>The series a chart holds now, each with every point it was sent, in the order they came.</summary>
    public List<ChartSeries> SeriesSent(string title)
    {
        var held = new List<ChartSeries>();
        void Add(object? sent)
        {
            foreach (var s in (IEnumerable<ChartSeries>)sent!)
            {
                var at = held.FindIndex(h => h.Name == s.Name);
                if (at < 0) held.Add(s);
                else held[at] = held[at] with { Points = held[at].Points.Concat(s.Points).ToList() };
            }
        }
        foreach (var call in module.Invocations)
        {
            if (call.Identifier == "create" && Matches(Title(call.Arguments[1]), title)) Add(call.Arguments[2]);
            else if (call.Identifier == "append" && ChartTitle(call) == title) Add(call.Arguments[1]);
            else if (call.Identifier == "replace" && ChartTitle(call) == title)
            {
                held.Clear();
                Add(call.Arguments[1]);
            }
        }
        return held;
    }

    /// <summary>The chart's options as last sent (at creation or by an update), as charts.js reads them.</summary>
    public JsonElement OptionsSent(string title)
    {
        JsonElement? options = null;
        foreach (var call in module.Invocations)
        {
            if (call.Identifier == "create" && Matches(Title(call.Arguments[1]), title)) options = JsonSerializer.SerializeToElement(call.Arguments[1]);
            else if (call.Identifier == "update" && ChartTitle(call) == title) options = JsonSerializer.SerializeToElement(call.Arguments[1]);
        }
        return options ?? throw new InvalidOperationException($"No chart titled {title} was created.");
    }

    public int Calls(string method, string title) =>
        module.Invocations.Count(call => call.Identifier == method && ChartTitle(call) == title);

    string? ChartTitle(JSRuntimeInvocation call) => titles.GetValueOrDefault((int)call.Arguments[0]!);

    static bool Matches(string? title, string known) => title is not null && title.StartsWith(known, StringComparison.Ordinal);

    static string? Title(object? options) =>
        JsonSerializer.SerializeToElement(options).GetProperty("title").GetString();
}
