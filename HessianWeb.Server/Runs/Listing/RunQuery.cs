using System.Globalization;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.Listing;

/// <summary>What the runs list can be sorted by; the names are the <c>sort</c> parameter's values.</summary>
public enum RunSortKey { Created, Name, Status, Parameters, TrainLoss, TrainAccuracy, TestAccuracy, TopEigenvalue, Outliers, Trace }

/// <summary>
/// One page of the runs list: sorted, searched and filtered. The same query string drives <c>GET /api/runs</c>
/// and the home page's address, so a list can be linked and scripted alike.
/// </summary>
/// <param name="Page">From 1.</param>
/// <param name="Search">A part of the run's name, case-insensitive.</param>
/// <param name="Statuses">Any of these; none means all.</param>
/// <param name="Tags">Every one of these.</param>
/// <param name="From">Created on or after this day (UTC).</param>
/// <param name="To">Created on or before this day (UTC).</param>
/// <param name="Archived">Only archived runs (true) or only the others (false, the default).</param>
/// <param name="LaunchedBy">Only the runs this user launched (their user name, exactly).</param>
public sealed record RunQuery(
    int Page = 1,
    int PageSize = RunQuery.DefaultPageSize,
    RunSortKey Sort = RunSortKey.Created,
    bool Descending = true,
    string? Search = null,
    IReadOnlyList<RunStatus>? Statuses = null,
    IReadOnlyList<string>? Tags = null,
    Guid? SweepId = null,
    DateOnly? From = null,
    DateOnly? To = null,
    bool Archived = false,
    string? LaunchedBy = null)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public IReadOnlyList<RunStatus> Statuses { get; init; } = Statuses ?? [];
    public IReadOnlyList<string> Tags { get; init; } = Tags ?? [];

    /// <summary>"created", or "-created" for descending: the <c>sort</c> parameter.</summary>
    public string SortText => (Descending ? "-" : "") + Name(Sort);

    public static string Name(RunSortKey key) => CamelCase(key.ToString());

    /// <summary>
    /// The query parameters that differ from the defaults, as the address carries them (null removes one).
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToParameters()
    {
        var defaults = new RunQuery();
        return new Dictionary<string, object?>
        {
            ["page"] = Page == 1 ? null : Page,
            ["pageSize"] = PageSize == DefaultPageSize ? null : PageSize,
            ["sort"] = SortText == defaults.SortText ? null : SortText,
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
            ["status"] = Statuses.Count == 0 ? null : string.Join(',', Statuses.Select(s => s.ToString().ToLowerInvariant())),
            ["tag"] = Tags.Count == 0 ? null : string.Join(',', Tags),
            ["sweep"] = SweepId?.ToString(),
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["archived"] = Archived ? "true" : null,
            ["launchedBy"] = string.IsNullOrWhiteSpace(LaunchedBy) ? null : LaunchedBy,
        };
    }

    /// <summary>
    /// Reads the parameters <see cref="ToParameters"/> writes; each bad value is an error under its parameter's name.
    /// A missing or empty parameter takes its default.
    /// </summary>
    public static (RunQuery Query, Dictionary<string, string[]> Errors) Parse(Func<string, string?> parameter)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new RunQuery();
        string? Get(string name) => parameter(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        if (Get("page") is { } page)
        {
            if (int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1) query = query with { Page = p };
            else errors["page"] = [$"The page must be a whole number from 1; got '{page}'."];
        }
        if (Get("pageSize") is { } size)
        {
            if (int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxPageSize) query = query with { PageSize = n };
            else errors["pageSize"] = [$"The page size must be a whole number from 1 to {MaxPageSize}; got '{size}'."];
        }
        if (Get("sort") is { } sort)
        {
            var descending = sort.StartsWith('-');
            var name = sort.TrimStart('-', '+');
            if (TryName<RunSortKey>(name, out var key)) query = query with { Sort = key, Descending = descending };
            else errors["sort"] = [$"Runs can be sorted by {string.Join(", ", Enum.GetValues<RunSortKey>().Select(Name))} (with '-' before it for descending); got '{sort}'."];
        }
        if (Get("q") is { } q) query = query with { Search = q };
        if (Get("status") is { } status)
        {
            var statuses = new List<RunStatus>();
            foreach (var s in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (TryName<RunStatus>(s, out var value)) statuses.Add(value);
                else errors["status"] = [$"'{s}' is not a run status; use {string.Join(", ", Enum.GetValues<RunStatus>().Select(v => v.ToString().ToLowerInvariant()))}."];
            }
            query = query with { Statuses = statuses.Distinct().ToList() };
        }
        if (Get("tag") is { } tag)
            query = query with { Tags = tag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList() };
        if (Get("sweep") is { } sweep)
        {
            if (Guid.TryParse(sweep, out var id)) query = query with { SweepId = id };
            else errors["sweep"] = [$"The sweep must be a sweep's id; got '{sweep}'."];
        }
        if (Get("from") is { } from)
        {
            if (TryDate(from, out var d)) query = query with { From = d };
            else errors["from"] = [$"The date must read yyyy-MM-dd; got '{from}'."];
        }
        if (Get("to") is { } to)
        {
            if (TryDate(to, out var d)) query = query with { To = d };
            else errors["to"] = [$"The date must read yyyy-MM-dd; got '{to}'."];
        }
        if (query.From is { } f && query.To is { } t && t < f)
            errors["to"] = [$"The last day ({t:yyyy-MM-dd}) is before the first ({f:yyyy-MM-dd})."];
        if (Get("archived") is { } archived)
        {
            if (bool.TryParse(archived, out var a)) query = query with { Archived = a };
            else errors["archived"] = [$"archived must be true or false; got '{archived}'."];
        }
        if (Get("launchedBy") is { } launcher) query = query with { LaunchedBy = launcher };
        return (query, errors);
    }

    /// <summary>
    /// The value named <paramref name="text"/>, in any case. Not Enum.TryParse: it also takes numbers and comma-joined
    /// names as flags, and a repeated <c>sort</c> arrives joined ("outliers,parameters" parsed as 8 | 3, no key at all).
    /// </summary>
    static bool TryName<T>(string text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase)) { value = candidate; return true; }
        value = default;
        return false;
    }

    static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>A page of runs and how many runs match in all.</summary>
public sealed record RunListPage(IReadOnlyList<RunSummary> Runs, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
