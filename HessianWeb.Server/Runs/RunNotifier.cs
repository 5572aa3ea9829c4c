using System.Collections.Concurrent;
using HessianWeb.Server.Runs.Fanout;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs;

/// <summary>
/// In-process fan-out of stored run events to the components watching them (the eShop pattern:
/// components hold an IDisposable subscription and re-render through InvokeAsync).
/// Each subscription has its own bounded queue, drained by one task at a time, so a slow page never holds up the
/// store that publishes, and every subscriber sees its events in the order they were published: the store publishes
/// a run's events inside its write lock, in sequence order.
/// </summary>
/// <remarks>
/// A page that cannot keep up loses no event: when its queue is full, what does not fit is left out and the
/// subscription is marked behind; once the queue has drained, its <c>onBehind</c> runs, and the page reads what it
/// missed from the store (every published event is stored first). Memory stays bounded whatever a page does.
/// With a relay (Fanout/, only when Redis is configured) what this instance publishes goes to the other instances too,
/// and theirs arrive through <see cref="Receive"/>, handed to the same queues as this instance's own; without one, nothing
/// leaves the process.
/// </remarks>
public sealed class RunNotifier
{
    /// <summary>Events a run page may have waiting: at 50 events a second and ten renders a second, 5 are typical.</summary>
    public const int QueueCapacity = 1_024;

    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription<RunEvent>, byte>> byRun = new();
    readonly ConcurrentDictionary<Subscription<bool>, byte> runList = new();
    /// <summary>How often epochs alone refresh the runs list (its latest loss and accuracy columns) while runs train.</summary>
    public static readonly TimeSpan EpochListInterval = TimeSpan.FromSeconds(5);

    readonly ILogger<RunNotifier> logger;
    readonly int capacity;
    readonly TimeSpan epochListInterval;
    readonly TimeProvider clock;
    readonly IRunEventRelay? relay;
    long epochsListedAt;
    long runListChanges;

    /// <param name="clock">Times <see cref="EpochListInterval"/> (a test's fake one steps it by hand); the system's by default.</param>
    /// <param name="relay">Where what this instance publishes also goes, for the other instances; none by default.</param>
    public RunNotifier(ILogger<RunNotifier> logger, TimeProvider? clock = null, IRunEventRelay? relay = null)
        : this(logger, QueueCapacity, EpochListInterval, clock, relay) { }

    /// <param name="capacity">How many events each run subscription may hold before it is marked behind.</param>
    /// <param name="epochListInterval">How often epochs alone may refresh the runs list.</param>
    public RunNotifier(ILogger<RunNotifier> logger, int capacity, TimeSpan epochListInterval, TimeProvider? clock = null, IRunEventRelay? relay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.logger = logger;
        this.capacity = capacity;
        this.epochListInterval = epochListInterval;
        this.clock = clock ?? TimeProvider.System;
        this.relay = relay;
        epochsListedAt = this.clock.GetTimestamp();
    }

    /// <summary>How many times the runs list was told of a change (<see cref="PublishRunListChanged"/>).</summary>
    public long RunListChanges => Interlocked.Read(ref runListChanges);

    /// <summary>
    /// Called with every event of <paramref name="runId"/> stored from now on, in sequence order; when the page fell
    /// behind and events were left out, <paramref name="onBehind"/> is called instead, after the ones that fit.
    /// </summary>
    public IDisposable Subscribe(Guid runId, Func<RunEvent, Task> onEvent, Func<Task> onBehind)
    {
        var set = byRun.GetOrAdd(runId, _ => new());
        var sub = new Subscription<RunEvent>(capacity, onEvent, onBehind, s => set.TryRemove(s, out _), logger);
        set[sub] = 0;
        return sub;
    }

    /// <summary>How many pages watch <paramref name="runId"/> now.</summary>
    public int Subscribers(Guid runId) => byRun.TryGetValue(runId, out var set) ? set.Count : 0;

    /// <summary>
    /// Called when a run is created, changes status or gets a result the runs list shows, or a worker comes or goes;
    /// changes that come while one is handled fold into one more call.
    /// </summary>
    public IDisposable SubscribeToRunList(Func<Task> onChange)
    {
        // One slot: a change waiting to be handled covers any that come after it.
        var sub = new Subscription<bool>(1, _ => onChange(), () => Task.CompletedTask, s => runList.TryRemove(s, out _), logger);
        runList[sub] = 0;
        return sub;
    }

    /// <summary>Hands stored events to their runs' subscribers. The store calls it inside its write lock, so that each run's events go out in sequence order.</summary>
    public void Publish(IReadOnlyList<RunEvent> events)
    {
        if (events.Count == 0) return;
        Hand(events);
        relay?.Send(events);
    }

    public void PublishRunListChanged()
    {
        TellRunLists();
        relay?.SendRunListChanged();
    }

    /// <summary>
    /// What another instance published, handed to this instance's subscribers as if stored here (never relayed again):
    /// its events in the order they came, its run-list changes, and a catch-up after an outage, on which every page
    /// reads from the store what it missed (as one that fell behind does).
    /// </summary>
    public void Receive(RelayMessage message)
    {
        switch (message.Kind)
        {
            case RelayMessageKind.Events when message.Events is { Count: > 0 } events: Hand(events); break;
            case RelayMessageKind.RunListChanged: TellRunLists(); break;
            case RelayMessageKind.CatchUp:
                foreach (var sub in byRun.Values.SelectMany(set => set.Keys)) sub.MarkBehind();
                TellRunLists();
                break;
        }
    }

    /// <summary>Events to their runs' subscribers here, and the runs lists told when the events change what they show.</summary>
    void Hand(IReadOnlyList<RunEvent> events)
    {
        foreach (var e in events)
            if (byRun.TryGetValue(e.RunId, out var set))
                foreach (var sub in set.Keys) sub.Post(e);
        var change = events.Select(RunListChangeOf).DefaultIfEmpty(RunListChange.None).Max();
        if (change == RunListChange.Now) TellRunLists();
        else if (change == RunListChange.AtMostOnceAnInterval) PublishEpochsToRunList();
    }

    void TellRunLists()
    {
        Interlocked.Increment(ref runListChanges);
        foreach (var sub in runList.Keys) sub.Post(true);
    }

    /// <summary>
    /// Epochs come many times a second per run, and each re-queried every open runs list before; now they refresh
    /// the list at most every <see cref="EpochListInterval"/>, so a training run's latest loss still moves there.
    /// </summary>
    void PublishEpochsToRunList()
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref epochsListedAt);
        if (clock.GetElapsedTime(last, now) < epochListInterval || Interlocked.CompareExchange(ref epochsListedAt, now, last) != last) return;
        TellRunLists();
    }

    /// <summary>
    /// The one place that says whether a stored event changes what the runs lists show (the home page, the sweeps, the
    /// workers' queue): a status (created, started, analysing, ended) or a result they show (λ₁, outliers, trace) at
    /// once; an epoch's latest loss and accuracy at most once an <see cref="EpochListInterval"/>; anything else
    /// (Lanczos iterations, densities, files) not at all.
    /// </summary>
    public static RunListChange RunListChangeOf(RunEvent e) => e.Kind switch
    {
        RunEventKind.Status or RunEventKind.Spectrum or RunEventKind.Outliers or RunEventKind.Trace => RunListChange.Now,
        RunEventKind.Epoch => RunListChange.AtMostOnceAnInterval,
        _ => RunListChange.None,
    };

    /// <summary>
    /// One subscriber's queue: at most <c>capacity</c> items; one that does not fit marks the subscription behind.
    /// A drain task runs only while there is something to hand over, so an idle page costs no thread or task.
    /// </summary>
    sealed class Subscription<T>(int capacity, Func<T, Task> handle, Func<Task> onBehind, Action<Subscription<T>> remove, ILogger logger) : IDisposable
    {
        readonly Queue<T> queue = new();
        bool behind;
        bool draining;
        bool disposed;

        public void Post(T item) => Post(item, markBehind: false);

        /// <summary>Has <c>onBehind</c> run once what is queued is handed over, as if an event had not fit.</summary>
        public void MarkBehind() => Post(default!, markBehind: true);

        void Post(T item, bool markBehind)
        {
            lock (queue)
            {
                if (disposed) return;
                if (!markBehind && queue.Count < capacity) queue.Enqueue(item);
                else behind = true;
                if (draining) return;
                draining = true;
            }
            _ = Task.Run(DrainAsync);
        }

        async Task DrainAsync()
        {
            while (true)
            {
                T item = default!;
                bool caughtUp;
                lock (queue)
                {
                    if (disposed || (queue.Count == 0 && !behind))
                    {
                        draining = false;
                        return;
                    }
                    caughtUp = queue.Count == 0;
                    if (caughtUp) behind = false;
                    else item = queue.Dequeue();
                }
                try { await (caughtUp ? onBehind() : handle(item)); }
                catch (Exception ex) { logger.LogDebug(ex, "A run subscriber failed"); }
            }
        }

        public void Dispose()
        {
            remove(this);
            lock (queue)
            {
                disposed = true;
                queue.Clear();
            }
        }
    }
}

/// <summary>How an event bears on the runs lists (<see cref="RunNotifier.RunListChangeOf"/>), in increasing urgency.</summary>
public enum RunListChange { None, AtMostOnceAnInterval, Now }
