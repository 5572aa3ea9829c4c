using HessianWeb.Shared;
using System.Text.Json.Nodes;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.ClassStructure;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Sweeps;

/// <summary>Sweeps: one stored row and one queued run per grid point, written together through the store; their summaries.</summary>
public sealed class SweepStore(IDbContextFactory<RunsDbContext> dbFactory, RunStore store)
{
    /// <summary>How many of a run's top eigenvalues a sweep keeps for its charts.</summary>
    const int SweepTopEigenvalues = 10;

    /// <summary>Stores the sweep and queues its runs in grid order, all or nothing.</summary>
    public Task<Guid> CreateAsync(SweepSpec sweep, IReadOnlyList<SweepPoint> points, CancellationToken ct = default) =>
        CreateAsync(sweep, points, launchedBy: null, ct);

    /// <summary>As above, each run recording who launched the sweep.</summary>
    public async Task<Guid> CreateAsync(SweepSpec sweep, IReadOnlyList<SweepPoint> points, string? launchedBy, CancellationToken ct = default)
    {
        var sweepId = Guid.CreateVersion7();
        var now = DateTime.UtcNow;
        var record = new SweepRecord
        {
            Id = sweepId,
            Name = sweep.Name.Trim(),
            Preset = sweep.Preset,
            SpecJson = JsonFormat.Serialize(sweep),
            CreatedAt = now,
            RunCount = points.Count,
        };
        var runs = points.Select(point =>
        {
            // The scheduler takes the oldest queued run first: a microsecond apart (PostgreSQL keeps no finer) keeps the grid's order.
            var run = RunStore.Queued(point.Spec, now.AddMicroseconds(point.Index), launchedBy);
            run.SweepId = sweepId;
            run.SweepIndex = point.Index;
            run.SweepPointJson = SweepPoint.ToJson(point.Values).ToJsonString();
            return run;
        }).ToList();
        await store.CreateAsync(runs, db => db.Sweeps.Add(record), ct);
        return sweepId;
    }

    /// <summary>Newest first, with each sweep's runs counted by status.</summary>
    public async Task<IReadOnlyList<SweepListItem>> ListAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sweeps = await db.Sweeps.AsNoTracking().OrderByDescending(s => s.CreatedAt).Take(take).ToListAsync(ct);
        var ids = sweeps.Select(s => s.Id).ToList();
        var counts = await db.Runs.AsNoTracking()
            .Where(r => r.SweepId != null && ids.Contains(r.SweepId.Value))
            .GroupBy(r => new { r.SweepId, r.Status })
            .Select(g => new { g.Key.SweepId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return sweeps.Select(s => new SweepListItem(s.Id, s.Name, s.Preset, DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc), s.RunCount,
            counts.Where(c => c.SweepId == s.Id).ToDictionary(c => c.Status, c => c.Count))).ToList();
    }

    /// <summary>Each run of the sweep with its status, in grid order (no results read); null for an unknown sweep.</summary>
    public async Task<IReadOnlyList<(Guid Id, RunStatus Status)>?> GetRunStatusesAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Sweeps.AnyAsync(s => s.Id == id, ct)) return null;
        var runs = await db.Runs.AsNoTracking().Where(r => r.SweepId == id).OrderBy(r => r.SweepIndex)
            .Select(r => new { r.Id, r.Status }).ToListAsync(ct);
        return runs.Select(r => (r.Id, r.Status)).ToList();
    }

    /// <summary>The sweep, its runs in grid order, and each run's outliers (at "init" and "end") and top eigenvalues at "end" once they are stored.</summary>
    public async Task<SweepSummary?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sweep = await db.Sweeps.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (sweep is null) return null;
        var runs = await db.Runs.AsNoTracking().Where(r => r.SweepId == id).OrderBy(r => r.SweepIndex).ToListAsync(ct);
        var runIds = runs.Select(r => r.Id).ToList();
        var byRun = await RunResults.EventsOfAsync(db, runIds, [RunEventKind.Outliers, RunEventKind.Spectrum, RunEventKind.ClassStructure], ct);

        var spec = JsonFormat.Deserialize<SweepSpec>(sweep.SpecJson)!;
        return new SweepSummary(sweep.Id, sweep.Name, sweep.Preset, DateTime.SpecifyKind(sweep.CreatedAt, DateTimeKind.Utc), spec.Axes,
            runs.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count()),
            runs.Select(r => ToSweepRun(r, byRun.GetValueOrDefault(r.Id) ?? [])).ToList());
    }

    static SweepRun ToSweepRun(RunRecord run, IReadOnlyList<RunEvent> results)
    {
        // "init" and "end" only: a re-analysis ("end·2") measures something else by request.
        OutlierResult? HessianOutliers(string checkpoint) => results.Select(e => e.Outliers)
            .LastOrDefault(o => o is not null && o.Checkpoint == checkpoint && o.Operator == CurvatureOperators.Hessian);
        var spectra = results.Select(e => e.Spectrum).OfType<SpectrumResult>().ToList();
        ClassPrediction? Prediction(string checkpoint, SpectrumResult? top) => ClassPrediction.Of(
            results.Select(e => e.ClassStructure).LastOrDefault(c => c is not null && c.Checkpoint == checkpoint), top?.Eigenvalues);
        var (outliers, initOutliers) = (HessianOutliers(Checkpoints.End), HessianOutliers(Checkpoints.Init));
        var top = SpectrumMethods.Preferred(spectra, Checkpoints.End, CurvatureOperators.Hessian);
        var initTop = SpectrumMethods.Preferred(spectra, Checkpoints.Init, CurvatureOperators.Hessian);
        var metrics = run.LatestMetricsJson is null ? null : JsonFormat.Deserialize<EpochMetrics>(run.LatestMetricsJson);
        return new SweepRun(
            run.Id, run.Name, run.SweepIndex ?? 0, run.Status, run.Error,
            run.SweepPointJson is null ? [] : JsonNode.Parse(run.SweepPointJson)!.AsObject(),
            run.ParameterCount,
            outliers?.ClearCount, outliers?.LowerBound, outliers?.BulkEdge, outliers?.Classes,
            top?.Eigenvalues[0], top?.Eigenvalues.Take(SweepTopEigenvalues).ToArray(),
            metrics?.TrainLoss, metrics?.TrainAccuracy, initOutliers?.ClearCount,
            outliers?.NoClearGap == true, initOutliers?.NoClearGap == true,
            Prediction(Checkpoints.Init, initTop), Prediction(Checkpoints.End, top),
            TrainingEnd.Of(JsonFormat.Deserialize<ExperimentSpec>(run.SpecJson)!, metrics));
    }
}
