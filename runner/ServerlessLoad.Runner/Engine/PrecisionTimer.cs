using System.Diagnostics;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Wakes waiters at monotonic timestamps, at most a quarter of a millisecond late when the core is free. The runtime's
/// timers on Linux follow a coarse clock (4 ms steps) and its waits take whole milliseconds, which would send arrivals
/// out in late bursts and stretch think times; this timer has its own thread that sleeps with a precise timeout
/// (<see cref="TimerSleep"/>) and fires the waiters that are due.
/// </summary>
/// <remarks>
/// Waiters are fired on the timer's thread (a hop through the thread pool costs milliseconds on a busy core), so what
/// a waiter runs when fired must not block: the arrival dispatchers only hand arrivals to VUs, which write their
/// requests and return at their first wait; think-time waiters pass the VU on to the thread pool.
/// </remarks>
internal static class PrecisionTimer
{
    private static readonly Lock Gate = new();
    private static readonly PriorityQueue<(ITimerWaiter Waiter, long Generation), long> Waiters = new();
    private static readonly TimerSleep Sleep = TimerSleep.Create();

    /// <summary>
    /// Wakes fall on a grid of this step, so waiters due close together (think times of many VUs, arrivals at 20,000/s)
    /// are fired by one wake rather than one wake each: at most 4,000 wakes a second, each at most this much late.
    /// </summary>
    private static readonly long Quantum = Stopwatch.Frequency / 4_000;

    [ThreadStatic]
    private static bool onTimerThread;

    private static Thread? thread;

    /// <summary>Completes at or after <paramref name="dueTimestamp"/> (a <see cref="Stopwatch"/> timestamp), or when cancelled.</summary>
    public static Task DelayUntilAsync(long dueTimestamp, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled(ct);
        }

        if (Stopwatch.GetTimestamp() >= dueTimestamp)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskWaiter();
        Schedule(waiter, 0, dueTimestamp);
        return ct.CanBeCanceled ? waiter.Task.WaitAsync(ct) : waiter.Task;
    }

    /// <summary>Calls <see cref="ITimerWaiter.Fire"/> with <paramref name="generation"/> at or after the due timestamp.</summary>
    public static void Schedule(ITimerWaiter waiter, long generation, long dueTimestamp)
    {
        bool earliest;
        lock (Gate)
        {
            thread ??= Start();
            earliest = !Waiters.TryPeek(out _, out var first) || dueTimestamp < first;
            Waiters.Enqueue((waiter, generation), dueTimestamp);
        }

        // Waiters scheduled while the timer fires (a dispatcher's next arrival) are seen when it looks again.
        if (earliest && !onTimerThread)
        {
            Sleep.Wake();
        }
    }

    private static Thread Start()
    {
        var started = new Thread(Run) { IsBackground = true, Name = "sload precision timer" };
        started.Start();
        return started;
    }

    private static void Run()
    {
        onTimerThread = true;
        TimerThreadLatency.TryShortenSlice();
        var due = new List<(ITimerWaiter Waiter, long Generation)>();
        while (true)
        {
            lock (Gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (Waiters.TryPeek(out var waiter, out var at) && at <= now)
                {
                    Waiters.Dequeue();
                    due.Add(waiter);
                }
            }

            foreach (var (waiter, generation) in due)
            {
                waiter.Fire(generation);
            }

            due.Clear();
            long wakeAt;
            lock (Gate)
            {
                // After firing: what the fired waiters scheduled counts too.
                wakeAt = Waiters.TryPeek(out _, out var next) ? (next + Quantum - 1) / Quantum * Quantum : long.MaxValue;
            }

            if (wakeAt > Stopwatch.GetTimestamp())
            {
                Sleep.SleepUntil(wakeAt);
            }
        }
    }

    private sealed class TaskWaiter : ITimerWaiter
    {
        private readonly TaskCompletionSource completion = new();

        public Task Task => completion.Task;

        public void Fire(long generation) => completion.TrySetResult();
    }
}

/// <summary>Something <see cref="PrecisionTimer"/> wakes; the generation tells which of its waits is due.</summary>
internal interface ITimerWaiter
{
    void Fire(long generation);
}
