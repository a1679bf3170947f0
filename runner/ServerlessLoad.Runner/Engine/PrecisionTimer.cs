using System.Diagnostics;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Wakes waiters at monotonic timestamps with about a millisecond of precision. The runtime's timers on Linux follow a
/// coarse clock (4 ms steps), which would send arrivals out in late bursts and stretch think times; this timer has its
/// own thread that sleeps with a precise timeout and fires the waiters that are due.
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
    private static readonly AutoResetEvent Changed = new(false);
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

        if (earliest)
        {
            Changed.Set();
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
        var due = new List<(ITimerWaiter Waiter, long Generation)>();
        while (true)
        {
            int wait;
            lock (Gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (Waiters.TryPeek(out var waiter, out var at) && at <= now)
                {
                    Waiters.Dequeue();
                    due.Add(waiter);
                }

                wait = !Waiters.TryPeek(out _, out var next)
                    ? Timeout.Infinite
                    : (int)Math.Max(1, Math.Ceiling((next - now) * 1000.0 / Stopwatch.Frequency));
            }

            foreach (var (waiter, generation) in due)
            {
                waiter.Fire(generation);
            }

            due.Clear();
            Changed.WaitOne(wait);
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
