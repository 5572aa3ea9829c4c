using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Uploads;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// New work, from the API and the pages alike: checked as the API checks it, stored and queued, then handed to idle
/// workers. Nothing is stored when the check fails, nor when no connected worker could hold the work
/// (<see cref="Placement.Refusal"/>).
/// </summary>
public sealed class RunSubmission(RunStore store, SweepStore sweeps, RunScheduler scheduler, WorkerCapacities capacities, UploadedFiles uploads)
{
    /// <summary>
    /// A run of the spec, unless its uploads (<see cref="UploadedFiles"/>) or <see cref="SpecValidator"/> find errors (keyed
    /// by the spec's fields) or no worker could hold it.
    /// </summary>
    public async Task<Submitted<RunSummary>> SubmitAsync(ExperimentSpec? spec, string launchedBy, CancellationToken ct = default)
    {
        (spec, var uploadErrors) = await uploads.ResolveAsync(spec, ct);
        var errors = Merge(uploadErrors, SpecValidator.Validate(spec));
        if (errors.Count > 0) return new(null, errors) { FilesRefused = uploadErrors.Count > 0 };
        if (Placement.Refusal(spec!, await capacities.AllAsync(ct)) is { } refusal) return new(null, errors, refusal);
        var run = await store.CreateAsync(spec!, launchedBy, ct); // a null spec has errors
        await ScheduleAsync(run.Id, ct);
        return new(run, errors);
    }

    /// <summary>The sweep and one run per grid point, unless <see cref="SweepGrid"/> finds errors in its axes or points.</summary>
    public async Task<Submitted<SubmittedSweep>> SubmitSweepAsync(SweepSpec? sweep, string launchedBy, CancellationToken ct = default)
    {
        var grid = SweepGrid.Expand(sweep);
        if (!grid.IsValid) return new(null, grid.Errors);
        grid = await ResolveUploadsAsync(grid, ct);
        if (!grid.IsValid) return new(null, grid.Errors) { FilesRefused = true };
        if (await RefusalAsync(grid.Points, ct) is { } refusal) return new(null, grid.Errors, refusal);
        var id = await sweeps.CreateAsync(sweep!, grid.Points, launchedBy, ct); // a null sweep has errors
        await ScheduleAsync(id, ct);
        return new(new SubmittedSweep(id, grid.Points.Count), grid.Errors);
    }

    /// <summary>The first grid point no worker could hold, named by its axis values, and how many such points there are.</summary>
    async Task<string?> RefusalAsync(IReadOnlyList<SweepPoint> points, CancellationToken ct)
    {
        var workers = await capacities.AllAsync(ct);
        var refused = points.Select(p => (Point: p, Reason: Placement.Refusal(p.Spec, workers))).Where(r => r.Reason is not null).ToList();
        if (refused.Count == 0) return null;
        var (point, reason) = refused[0];
        var others = refused.Count == 1 ? "" : $" ({refused.Count - 1} other grid point{(refused.Count == 2 ? " is" : "s are")} refused too)";
        return $"Grid point {point.Index} ({SweepPoint.Describe(point.Values)}): {reason}{others}";
    }

    /// <summary>
    /// Each grid point with what its uploads hold filled in; a point whose uploads do not fit refuses the sweep, its errors
    /// under the base's fields (the uploads come from the base unless an axis names them).
    /// </summary>
    async Task<SweepExpansion> ResolveUploadsAsync(SweepExpansion grid, CancellationToken ct)
    {
        var points = new List<SweepPoint>();
        var errors = new Dictionary<string, string[]>();
        foreach (var point in grid.Points)
        {
            var (spec, pointErrors) = await uploads.ResolveAsync(point.Spec, ct);
            points.Add(point with { Spec = spec! });
            foreach (var (field, messages) in pointErrors)
                errors[$"base.{field}"] = [.. errors.GetValueOrDefault($"base.{field}", []).Union(messages)];
        }
        if (errors.Count > 0) return new SweepExpansion([], errors);
        // The filled specs pass the checks the grid made before (SweepGrid.Expand) only if the files' sizes fit the limits too.
        foreach (var point in points)
            foreach (var (field, messages) in SpecValidator.Validate(point.Spec))
                errors[$"grid[{point.Index}].{field}"] = messages;
        return errors.Count > 0 ? new SweepExpansion([], errors) : grid with { Points = points };
    }

    static Dictionary<string, string[]> Merge(IReadOnlyDictionary<string, string[]> first, IReadOnlyDictionary<string, string[]> second)
    {
        var merged = first.ToDictionary(e => e.Key, e => e.Value);
        foreach (var (field, messages) in second) merged[field] = [.. merged.GetValueOrDefault(field, []).Union(messages)];
        return merged;
    }

    async Task ScheduleAsync(Guid id, CancellationToken ct)
    {
        try { await scheduler.PumpAsync(ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new NotScheduledException(id, ex);
        }
    }
}

/// <summary>
/// What was stored, or null when <see cref="Errors"/> refused it, or <see cref="Refusal"/>: the work is valid but no
/// connected worker could hold it (the reason in words).
/// </summary>
public sealed record Submitted<T>(T? Created, IReadOnlyDictionary<string, string[]> Errors, string? Refusal = null) where T : class
{
    /// <summary>Some errors are about the uploaded files the spec names (Uploads/UploadedFiles): the API answers 422, not 400.</summary>
    public bool FilesRefused { get; init; }

    public int ErrorStatus => FilesRefused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
}

public sealed record SubmittedSweep(Guid Id, int RunCount);

/// <summary>
/// The work is stored and queued but could not be handed to a worker yet (the scheduler hands it out when a worker next
/// registers): the API answers it as the error it is; the pages open the new run or sweep all the same.
/// </summary>
public sealed class NotScheduledException(Guid id, Exception inner) : Exception($"Stored {id} but could not hand it to a worker yet: {inner.Message}", inner)
{
    public Guid Id { get; } = id;
}
