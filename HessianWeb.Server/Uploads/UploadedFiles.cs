using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Uploads;

/// <summary>Submit-time check of the uploads a spec names (placeholder: filled in the next commit).</summary>
public sealed class UploadedFiles(UploadStore store)
{
    public Task<(ExperimentSpec? Spec, IReadOnlyDictionary<string, string[]> Errors)> ResolveAsync(ExperimentSpec? spec, CancellationToken ct = default) =>
        Task.FromResult<(ExperimentSpec?, IReadOnlyDictionary<string, string[]>)>((spec, new Dictionary<string, string[]>()));

    internal UploadStore Store => store;
}
