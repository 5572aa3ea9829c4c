using System.Collections.Concurrent;
using System.Threading.Channels;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// In-process fan-out of stored run events to the components watching them (the eShop pattern:
/// components hold an IDisposable subscription and re-render through InvokeAsync).
/// Each subscription has its own queue and reader, so a slow page never holds up the hub that
/// stores events, and every subscriber sees its events in order.
/// </summary>
public sealed class RunNotifier(ILogger<RunNotifier> logger)
{
    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> byRun = new();
    readonly ConcurrentDictionary<Subscription, byte> runList = new();

    /// <summary>Called with every event of <paramref name="runId"/> stored from now on.</summary>
    public IDisposable Subscribe(Guid runId, Func<RunEvent, Task> onEvent)
    {
        var set = byRun.GetOrAdd(runId, _ => new());
        var sub = new Subscription(e => onEvent((RunEvent)e!), s => set.TryRemove(s, out _), logger);
        set[sub] = 0;
        return sub;
    }

    /// <summary>How many pages watch <paramref name="runId"/> now.</summary>
    public int Subscribers(Guid runId) => byRun.TryGetValue(runId, out var set) ? set.Count : 0;

    /// <summary>Called whenever any run is created or changes its summary, or a worker comes or goes.</summary>
    public IDisposable SubscribeToRunList(Func<Task> onChange)
    {
        var sub = new Subscription(_ => onChange(), s => runList.TryRemove(s, out _), logger);
        runList[sub] = 0;
        return sub;
    }

    public void Publish(IReadOnlyList<RunEvent> events)
    {
        foreach (var e in events)
            if (byRun.TryGetValue(e.RunId, out var set))
                foreach (var sub in set.Keys) sub.Post(e);
        PublishRunListChanged();
    }

    public void PublishRunListChanged()
    {
        foreach (var sub in runList.Keys) sub.Post(null);
    }

    sealed class Subscription : IDisposable
    {
        readonly Channel<object?> queue = Channel.CreateUnbounded<object?>(new() { SingleReader = true });
        readonly Action<Subscription> remove;

        public Subscription(Func<object?, Task> handler, Action<Subscription> remove, ILogger logger)
        {
            this.remove = remove;
            _ = Task.Run(async () =>
            {
                await foreach (var item in queue.Reader.ReadAllAsync())
                {
                    try { await handler(item); }
                    catch (Exception ex) { logger.LogDebug(ex, "A run subscriber failed"); }
                }
            });
        }

        public void Post(object? item) => queue.Writer.TryWrite(item);

        public void Dispose()
        {
            remove(this);
            queue.Writer.TryComplete();
        }
    }
}
