using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.Fanout;

/// <summary>
/// The seam between this instance's <see cref="RunNotifier"/> and the other instances': what the notifier publishes goes
/// out through it (Redis: <see cref="RedisRunEventRelay"/>); what comes in goes to <see cref="RunNotifier.Receive"/>.
/// Registered only when <c>Redis:Configuration</c> is set; one server alone has none.
/// </summary>
public interface IRunEventRelay
{
    /// <summary>Events this instance stored, in the order it stored them. Must not block: the store calls it in its write lock.</summary>
    void Send(IReadOnlyList<RunEvent> events);

    /// <summary>A change to what the runs lists show that no event carries (a worker came or went, a run was deleted).</summary>
    void SendRunListChanged();
}

public enum RelayMessageKind { Events, RunListChanged, CatchUp }

/// <summary>
/// What goes between instances, as <see cref="HessianWeb.Shared.JsonFormat"/> JSON: the stored events themselves (an artifact
/// event names its file on the shared <c>Artifacts:Directory</c>; the bytes never travel), a run-list change, or a
/// catch-up (the sender could not relay for a while: re-read the store).
/// </summary>
/// <param name="From">The sending instance: an instance drops its own messages when Redis hands them back.</param>
public sealed record RelayMessage(Guid From, RelayMessageKind Kind, IReadOnlyList<RunEvent>? Events = null);
