using System.Globalization;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.RunsList;

/// <summary>Edits a <see cref="RunQuery"/>: every change goes to the parent, which puts it in the address.</summary>
public sealed partial class RunFilters
{
    [Parameter, EditorRequired] public RunQuery Query { get; set; } = default!;
    [Parameter] public IReadOnlyList<RunColumn> Columns { get; set; } = RunColumns.Default;
    [Parameter] public IReadOnlyList<string> KnownTags { get; set; } = [];
    /// <summary>Everyone who launched a run.</summary>
    [Parameter] public IReadOnlyList<string> Launchers { get; set; } = [];
    /// <summary>The signed-in user's name, for "Mine" (null for a share link, which names nobody).</summary>
    [Parameter] public string? UserName { get; set; }
    [Parameter] public EventCallback<RunQuery> QueryChanged { get; set; }
    [Parameter] public EventCallback<IReadOnlyList<RunColumn>> ColumnsChanged { get; set; }

    string? searchText;

    protected override void OnParametersSet() => searchText = Query.Search;

    /// <summary>An active filter, and the query without it.</summary>
    public sealed record FilterChip(string Label, RunQuery Without);

    /// <summary>One chip per active filter.</summary>
    public IReadOnlyList<FilterChip> Chips => ChipsOf(Query);

    public static IReadOnlyList<FilterChip> ChipsOf(RunQuery q)
    {
        var chips = new List<FilterChip>();
        var first = q with { Page = 1 };
        if (!string.IsNullOrWhiteSpace(q.Search)) chips.Add(new($"name: {q.Search}", first with { Search = null }));
        foreach (var s in q.Statuses) chips.Add(new($"status: {Lower(s)}", first with { Statuses = q.Statuses.Where(x => x != s).ToList() }));
        foreach (var t in q.Tags) chips.Add(new($"tag: {t}", first with { Tags = q.Tags.Where(x => x != t).ToList() }));
        if (q.LaunchedBy is { } launcher) chips.Add(new($"launched by: {launcher}", first with { LaunchedBy = null }));
        if (q.SweepId is { } sweep) chips.Add(new($"sweep: {sweep.ToString()[..8]}…", first with { SweepId = null }));
        if (q.From is { } from) chips.Add(new($"from {Day(from)}", first with { From = null }));
        if (q.To is { } to) chips.Add(new($"to {Day(to)}", first with { To = null }));
        if (q.Archived) chips.Add(new("archived", first with { Archived = false }));
        return chips;
    }

    string? FromText => Query.From is { } d ? Day(d) : null;
    string? ToText => Query.To is { } d ? Day(d) : null;

    Task ChangeAsync(RunQuery next) => QueryChanged.InvokeAsync(next with { Page = 1 });

    Task OnSearchAsync(string? text) => ChangeAsync(Query with { Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim() });

    Task ToggleStatusAsync(RunStatus status) => ChangeAsync(Query with
    {
        Statuses = Query.Statuses.Contains(status) ? Query.Statuses.Where(s => s != status).ToList() : [.. Query.Statuses, status],
    });

    Task AddTagAsync(string tag) =>
        Query.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase) ? Task.CompletedTask : ChangeAsync(Query with { Tags = [.. Query.Tags, tag] });

    Task LaunchedByAsync(string launcher) => ChangeAsync(Query with { LaunchedBy = launcher });

    Task DateAsync(string? text, bool isFrom)
    {
        DateOnly? day = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return ChangeAsync(isFrom ? Query with { From = day } : Query with { To = day });
    }

    Task ArchivedAsync(bool archived) => ChangeAsync(Query with { Archived = archived });

    Task ToggleColumnAsync(RunColumn column) => ColumnsChanged.InvokeAsync(
        Columns.Contains(column) ? Columns.Where(c => c != column).ToList() : RunColumns.All.Select(c => c.Column).Where(c => c == column || Columns.Contains(c)).ToList());

    static string Lower(RunStatus status) => status.ToString().ToLowerInvariant();

    static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
