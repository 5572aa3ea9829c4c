using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace HessianWeb.Server.Components.Pages.Compare;

/// <summary>
/// <c>/compare?runs=a,b,c</c>: the runs overlaid. The address is the view's only state: a control writes the new
/// state into the query string (replacing the history entry, no reload) and the page draws whatever the address
/// says, so a copied link opens the same view. The runs are read once per list of ids; toggles only redraw.
/// </summary>
public sealed partial class ComparePage
{
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ComparisonLoader Loader { get; set; } = default!;
    [Inject] RunNotifier Notifier { get; set; } = default!;
    [Inject] ILogger<ComparePage> Logger { get; set; } = default!;

    ComparisonState state = new();
    IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    RunComparison? comparison;
    string? loadedRuns;
    string? loadError;
    string? checkpoint;
    IReadOnlyList<ComparisonChart> charts = [];
    IReadOnlyList<MetricsRow> metrics = [];
    readonly List<IDisposable> subscriptions = [];
    RefreshThrottle? throttle;

    IReadOnlyList<Guid> Unknown => comparison?.Unknown ?? [];

    /// <summary>The operators some run measured, H first; the Hessian always.</summary>
    IReadOnlyList<string> Operators => comparison is null ? [] : OperatorNames.Ordered(
        comparison.Runs.SelectMany(r => r.Progress.Spectra.Select(s => s.Operator).Concat(r.Progress.Densities.Select(d => d.Operator)))
            .Append(CurvatureOperators.Hessian));

    string FileStem => $"comparison-{comparison?.Runs.Count ?? 0}-runs";

    protected override Task OnInitializedAsync()
    {
        // A run still going reports events: reread the runs at most once a second (each reread folds every stored event).
        throttle = new RefreshThrottle(TimeSpan.FromSeconds(1), () => InvokeAsync(ReloadAsync), Logger);
        Navigation.LocationChanged += OnLocationChanged;
        return ShowAddressAsync();
    }

    async Task ReloadAsync()
    {
        if (state.Runs.Count == 0 || comparison is null) return;
        var runsKey = loadedRuns;
        var reread = await Loader.LoadAsync(state.Runs);
        // The address may have named other runs meanwhile; their comparison is loaded by ShowAddressAsync.
        if (runsKey != loadedRuns) return;
        comparison = reread;
        Rebuild();
        StateHasChanged();
    }

    /// <summary>Listens to the compared runs' events, from before they are read, so none falls between.</summary>
    void Follow(IReadOnlyList<Guid> runs)
    {
        foreach (var subscription in subscriptions) subscription.Dispose();
        subscriptions.Clear();
        // Only once interactive: a prerender's page is gone before any event could reach it.
        if (!RendererInfo.IsInteractive) return;
        foreach (var id in runs)
            subscriptions.Add(Notifier.Subscribe(id, _ => Reload(), Reload));
    }

    /// <summary>The comparison is read again whole (at most every throttle interval), so a page behind needs nothing more.</summary>
    Task Reload()
    {
        throttle?.Request();
        return Task.CompletedTask;
    }

    void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        await ShowAddressAsync();
        StateHasChanged();
    });

    /// <summary>Reads the view from the address; loads the runs when the list changed.</summary>
    async Task ShowAddressAsync()
    {
        var uri = Navigation.ToAbsoluteUri(Navigation.Uri);
        if (!uri.AbsolutePath.Equals("/compare", StringComparison.OrdinalIgnoreCase)) return;
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        var (parsed, parseErrors) = ComparisonState.Parse(query);
        state = parsed;
        var shownErrors = parseErrors.ToDictionary();

        var runsKey = string.Join(",", state.Runs);
        if (runsKey != loadedRuns)
        {
            loadedRuns = runsKey;
            comparison = null;
            loadError = null;
            Follow(state.Runs);
            if (state.Runs.Count == 0) { errors = shownErrors; Rebuild(); return; }
            try { comparison = await Loader.LoadAsync(state.Runs); }
            catch (Exception ex)
            {
                Logger.LogError(ex, "Loading the comparison of {Runs} failed", runsKey);
                loadError = $"The runs could not be loaded: {ex.Message}";
            }
        }

        checkpoint = comparison?.CheckpointFor(state.Checkpoint);
        if (state.Checkpoint is { } asked && asked != checkpoint)
            shownErrors["checkpoint"] = checkpoint is null
                ? $"No compared run analysed '{asked}'; none has an analysed checkpoint yet."
                : $"No compared run analysed '{asked}'; showing {checkpoint}.";
        errors = shownErrors;
        Rebuild();

        // A link without a checkpoint (the runs list's) gets the one shown pinned, with every other key written out;
        // once interactive (a prerender would answer with a redirect instead), and not over a bad value the warning names.
        if (state.Checkpoint is null && checkpoint is not null && parseErrors.Count == 0 && RendererInfo.IsInteractive)
            Show(state with { Checkpoint = checkpoint });
    }

    void Rebuild()
    {
        if (comparison is null)
        {
            charts = [];
            metrics = [];
            return;
        }
        charts = ComparisonCharts.Build(comparison, state with { Checkpoint = checkpoint });
        metrics = ComparisonMetrics.Rows(comparison, checkpoint, state.Operator);
    }

    /// <summary>Puts <paramref name="next"/> in the address; the page redraws when the address changes.</summary>
    void Show(ComparisonState next)
    {
        var target = "/compare?" + next.ToQuery();
        if (Navigation.ToBaseRelativePath(Navigation.Uri) == target.TrimStart('/')) return;
        Navigation.NavigateTo(target, replace: true);
    }

    void SelectCheckpoint(string value) => Show(state with { Checkpoint = value });
    void SelectOperator(string value) => Show(state with { Operator = value });
    void SetSmoothing(double value) => Show(state with { Smoothing = Math.Round(value, 3) });

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        foreach (var subscription in subscriptions) subscription.Dispose();
        throttle?.Dispose();
    }
}
