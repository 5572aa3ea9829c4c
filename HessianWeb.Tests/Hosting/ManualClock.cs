namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A clock that moves only when a test says so: <c>Task.Delay(interval, clock)</c> and timers on it fire inside
/// <see cref="Advance"/>, so a throttle's interval passes exactly when the test decides, without waiting for it.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    readonly object gate = new();
    readonly List<Timer> timers = [];
    readonly List<TaskCompletionSource> waitingForTimer = [];
    DateTimeOffset now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() { lock (gate) return now; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() { lock (gate) return now.UtcTicks; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once a timer is set to fire (at once, when one is): something waits on this clock.</summary>
    public Task TimerSetAsync()
    {
        lock (gate)
        {
            if (timers.Any(t => t.Due is not null)) return Task.CompletedTask;
            var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waitingForTimer.Add(waiting);
            return waiting.Task;
        }
    }

    /// <summary>Moves the time on, firing the timers that fall due meanwhile, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset end;
        lock (gate) end = now + by;
        while (true)
        {
            Timer? next;
            lock (gate)
            {
                next = timers.Where(t => t.Due <= end).MinBy(t => t.Due);
                if (next is null)
                {
                    now = end;
                    return;
                }
                now = next.Due!.Value;
                next.Due = next.Period is { } period ? now + period : null;
            }
            next.Fire();
        }
    }

    void Schedule(Timer timer, TimeSpan dueTime, TimeSpan period)
    {
        List<TaskCompletionSource> woken = [];
        lock (gate)
        {
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            if (!timers.Contains(timer)) timers.Add(timer);
            if (timer.Due is not null)
            {
                woken.AddRange(waitingForTimer);
                waitingForTimer.Clear();
            }
        }
        foreach (var waiting in woken) waiting.TrySetResult();
    }

    void Remove(Timer timer)
    {
        lock (gate) timers.Remove(timer);
    }

    sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }
        public TimeSpan? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
