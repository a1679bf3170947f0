using System.Diagnostics;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Waits until a monotonic timestamp with about a millisecond of precision. The runtime's timers on Linux follow a
/// coarse clock (4 ms steps), which would make arrivals late in bursts; this timer has its own thread that sleeps with
/// a precise timeout and resumes the waiters that are due.
/// </summary>
/// <remarks>
/// Waiters resume on the timer's thread (a hop through the thread pool costs milliseconds on a busy core), so what
/// runs after a wait must not block: the arrival dispatchers only hand arrivals to VUs, which write their requests and
/// return at their first wait.
/// </remarks>
internal static class PrecisionTimer
{
    private static readonly Lock Gate = new();
    private static readonly PriorityQueue<TaskCompletionSource, long> Waiters = new();
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

        var waiter = new TaskCompletionSource();
        bool earliest;
        lock (Gate)
        {
            thread ??= Start();
            earliest = !Waiters.TryPeek(out _, out var first) || dueTimestamp < first;
            Waiters.Enqueue(waiter, dueTimestamp);
        }

        if (earliest)
        {
            Changed.Set();
        }

        return ct.CanBeCanceled ? waiter.Task.WaitAsync(ct) : waiter.Task;
    }

    private static Thread Start()
    {
        var started = new Thread(Run) { IsBackground = true, Name = "sload precision timer" };
        started.Start();
        return started;
    }

    private static void Run()
    {
        var due = new List<TaskCompletionSource>();
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

            foreach (var waiter in due)
            {
                waiter.TrySetResult();
            }

            due.Clear();
            Changed.WaitOne(wait);
        }
    }
}
