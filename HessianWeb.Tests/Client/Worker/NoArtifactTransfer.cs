using HessianWeb.Client.Runs;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>For tests of the worker's queues, whose work never moves an array: any transfer is a test bug.</summary>
internal sealed class NoArtifactTransfer : IArtifactTransfer
{
    public ArtifactResult Upload(Guid runId, long sequence, ArtifactContent artifact, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("This test moves no arrays.");

    public AnalysisWeights Download(AnalysisAssignment assignment, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("This test moves no arrays.");

    /// <summary>The tests' specs name no uploads: nothing to fetch.</summary>
    public LocalUploads Fetch(IReadOnlyList<UploadReference> uploads, CancellationToken cancellationToken) =>
        uploads.Count == 0 ? LocalUploads.None : throw new InvalidOperationException("This test moves no arrays.");
}
