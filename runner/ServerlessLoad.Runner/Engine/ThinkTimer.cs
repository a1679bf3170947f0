using System.Threading.Tasks.Sources;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// A virtual user's think time, reused for every pause (nothing is allocated per pause): scheduled on the
/// <see cref="PrecisionTimer"/>, resumed on the thread pool so the timer's thread stays free for arrivals.
/// </summary>
internal sealed class ThinkTimer : IValueTaskSource<bool>, ITimerWaiter, IThreadPoolWorkItem
{
    private ManualResetValueTaskSourceCore<bool> resume;
    private long generation;
    private int pending;
    private bool elapsed;

    /// <summary>True once <paramref name="dueTimestamp"/> passed; false when cancelled first.</summary>
    public ValueTask<bool> WaitUntilAsync(long dueTimestamp)
    {
        var current = Interlocked.Increment(ref generation);
        Volatile.Write(ref pending, 1);
        PrecisionTimer.Schedule(this, current, dueTimestamp);
        return new(this, resume.Version);
    }

    /// <summary>Ends the pause in progress (if any) at once, as not elapsed.</summary>
    public void Cancel() => Finish(elapsedNow: false);

    void ITimerWaiter.Fire(long firedGeneration)
    {
        // A wait cancelled earlier leaves its entry in the timer's queue; it must not end a later wait.
        if (firedGeneration == Volatile.Read(ref generation))
        {
            Finish(elapsedNow: true);
        }
    }

    void IThreadPoolWorkItem.Execute() => resume.SetResult(elapsed);

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        try
        {
            return resume.GetResult(token);
        }
        finally
        {
            resume.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => resume.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        resume.OnCompleted(continuation, state, token, flags);

    private void Finish(bool elapsedNow)
    {
        if (Interlocked.Exchange(ref pending, 0) == 1)
        {
            elapsed = elapsedNow;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
