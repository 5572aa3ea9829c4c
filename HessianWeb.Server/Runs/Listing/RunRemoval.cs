using System.Security.Claims;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Audit;

namespace HessianWeb.Server.Runs.Listing;

/// <summary>
/// Deleting a run on someone's behalf, for the home page and <c>DELETE /api/runs/{id}</c> alike: whether they may
/// (<see cref="AccessPrincipal.CanDelete"/>), the deletion, and its line in the audit log.
/// </summary>
public sealed class RunRemoval(RunResults results, RunListing listing, AuditLog audit)
{
    /// <summary>What came of it, and the refusal in words when <paramref name="user"/> may not delete this run.</summary>
    public async Task<(RunDeletion Outcome, string? Refusal)> DeleteAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default)
    {
        if (await results.GetAsync(id, ct) is not { } run) return (RunDeletion.NotFound, null);
        if (!user.CanDelete(run.LaunchedBy)) return (RunDeletion.Refused, user.Refusal($"delete '{run.Name}'"));
        var outcome = await listing.DeleteAsync(id, ct);
        if (outcome == RunDeletion.Deleted)
            await audit.WriteAsync(user.UserName() ?? "unknown", "run deleted", $"{run.Name} ({run.Id})", ct: ct);
        return (outcome, null);
    }
}
