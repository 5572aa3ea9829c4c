using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// The submit-time check of the uploads a spec names (data.file, model.file, model.weights), run before the spec's own
/// validation by run submission and sweeps alike: each id must be an upload of the right kind, the weights must fit the
/// model and the model the data. What the files hold is written into the spec (<see cref="ModelSpec.ParameterCount"/>;
/// a tensors data set's input size, classes and sizes), so that memory, placement and the exact-spectrum choice read it.
/// </summary>
public sealed class UploadedFiles(UploadStore store)
{
    /// <summary>The spec with what its uploads hold filled in, and errors keyed by the spec's fields (empty when they fit).</summary>
    public async Task<(ExperimentSpec? Spec, IReadOnlyDictionary<string, string[]> Errors)> ResolveAsync(ExperimentSpec? spec, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        if (spec is null) return (spec, new Dictionary<string, string[]>());

        var data = spec.Data;
        if (data.Kind == DataKind.Tensors && await FindAsync(data.File, SpecFields.Data.File, Fail, ct) is { } dataFile)
            data = UploadCheck.DataShape(dataFile, data, Fail) ?? data;
        var model = spec.Model;
        if (SpecLimits.IsUploaded(model.Kind) && await FindAsync(model.File, SpecFields.Model.File, Fail, ct) is { } modelFile)
        {
            var weights = model.Weights is null ? null : await FindAsync(model.Weights, SpecFields.Model.Weights, Fail, ct);
            if (UploadCheck.Model(model.Kind, modelFile, weights, Fail) is { } count) model = model with { ParameterCount = count };
            var values = SpecLimits.InputDimension(data);
            if (modelFile.Contents.InputShape is { } input && input.Aggregate(1L, (a, b) => a * b) is var wanted && wanted != values)
                Fail(SpecFields.Model.File, $"{modelFile.FileName} takes points of shape [{string.Join(", ", input)}] " +
                    $"({wanted:N0} values) but the data's points have {values:N0} values.");
            await InterpolationEndsAsync(spec, modelFile, Fail, ct);
        }
        return (spec with { Data = data, Model = model }, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    /// <summary>Interpolation ends at uploaded weights (<see cref="Checkpoints.Upload"/>): weights with every parameter of the model.</summary>
    async Task InterpolationEndsAsync(ExperimentSpec spec, UploadSummary modelFile, Action<string, string> fail, CancellationToken ct)
    {
        var lines = spec.Analysis.Interpolations ?? [];
        for (var i = 0; i < lines.Length; i++)
            foreach (var (end, name) in new[] { (lines[i]?.From, SpecFields.Interpolation.From), (lines[i]?.To, SpecFields.Interpolation.To) })
            {
                var field = $"{SpecFields.Interpolation.At(i)}.{name}";
                if (Checkpoints.UploadOf(end) is { } id && await FindAsync(id, field, fail, ct) is { } weights)
                    UploadCheck.InterpolationEnd(modelFile, weights, field, fail);
            }
    }

    async Task<UploadSummary?> FindAsync(Guid? id, string field, Action<string, string> fail, CancellationToken ct)
    {
        if (id is not { } given) return null; // the spec's validation names the missing field
        var upload = await store.FindAsync(given, ct);
        if (upload is null) fail(field, $"There is no upload {given}; upload the file first (POST {UploadRoutes.Api}).");
        return upload;
    }
}
