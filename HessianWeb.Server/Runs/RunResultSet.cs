using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>One run and its stored results of the kinds asked for, in the order they happened (<see cref="RunResults.GetManyAsync"/>).</summary>
public sealed record RunResultSet(RunSummary Run, IReadOnlyList<RunEvent> Events)
{
    public IReadOnlyList<T> Of<T>(Func<RunEvent, T?> payload) where T : class => Events.Select(payload).OfType<T>().ToList();
}
