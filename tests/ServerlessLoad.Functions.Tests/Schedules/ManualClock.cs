namespace ServerlessLoad.Functions.Tests.Schedules;

/// <summary>
/// A clock that moves only when the test moves it, with timers (so Task.Delay on it works): moving it fires every
/// timer that falls due, in order. The code under test is idle when all its loops wait on timers of this clock.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> pending = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public int PendingTimers
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public DateTimeOffset? NextDue
    {
        get
        {
            lock (gate)
            {
                return pending.Count == 0 ? null : pending.Min(t => t.Due);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    /// <summary>Moves to <paramref name="to"/>, firing due timers one at a time (each callback outside the lock).</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        while (true)
        {
            ManualTimer? due;
            lock (gate)
            {
                due = pending.Where(t => t.Due <= to).MinBy(t => t.Due);
                if (due is null)
                {
                    if (to > now)
                    {
                        now = to;
                    }

                    return;
                }

                if (due.Due > now)
                {
                    now = due.Due;
                }

                pending.Remove(due);
                if (due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan)
                {
                    due.Due = now + due.Period;
                    pending.Add(due);
                }
            }

            due.Fire();
        }
    }

    /// <summary>Waits (in real time) until <paramref name="count"/> timers are pending: everyone is waiting on the clock.</summary>
    public async Task WaitForTimersAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (PendingTimers < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {PendingTimers} of {count} timers were waiting on the clock.");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Waits until <paramref name="count"/> loops wait on the clock, then moves to the earliest due timer.</summary>
    public async Task StepAsync(int count)
    {
        await WaitForTimersAsync(count);
        AdvanceTo(NextDue!.Value);
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                clock.pending.Remove(this);
                Period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock.now + dueTime;
                    clock.pending.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                clock.pending.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
