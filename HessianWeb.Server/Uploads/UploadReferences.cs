using HessianWeb.Server.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Uploads;

/// <summary>The uploads a run's spec names, as its assignment carries them for the worker to download and check.</summary>
public static class UploadReferences
{
    public static async Task<IReadOnlyList<UploadReference>> OfAsync(RunsDbContext db, ExperimentSpec spec, CancellationToken ct)
    {
        var ids = Named(spec).ToList();
        if (ids.Count == 0) return [];
        var records = await db.Uploads.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct);
        return records.Select(u => new UploadReference(u.Id, u.Kind, u.Sha256, u.Bytes)).ToList();
    }

    /// <summary>
    /// data.file for tensors data, model.file and model.weights for an uploaded model, and the uploaded weights its
    /// interpolations end at: what the spec's kinds use.
    /// </summary>
    static IEnumerable<Guid> Named(ExperimentSpec spec)
    {
        if (spec.Data.Kind == DataKind.Tensors && spec.Data.File is { } data) yield return data;
        if (!SpecLimits.IsUploaded(spec.Model.Kind)) yield break;
        if (spec.Model.File is { } file) yield return file;
        if (spec.Model.Weights is { } weights) yield return weights;
        foreach (var line in spec.Analysis.Interpolations ?? [])
            foreach (var end in new[] { line?.From, line?.To })
                if (Checkpoints.UploadOf(end) is { } upload) yield return upload;
    }
}
