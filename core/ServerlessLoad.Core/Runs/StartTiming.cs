namespace ServerlessLoad.Core.Runs;

/// <summary>
/// The timing of a run's start barrier, shared by the runners waiting at it and the timer that opens it. A runner that
/// holds a ready slice reads the run's row every <see cref="PollPeriod"/> until the row names the start; the start is
/// then set at least <see cref="Margin"/> ahead, so every waiting runner reads it before it comes.
/// </summary>
public static class StartTiming
{
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    /// <summary>Time for a read of the run row to come back, and for timer jitter, on top of one poll period.</summary>
    private static readonly TimeSpan ReadSlack = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often a waiting runner reads the run row: every 250 ms for small runs, slower for big ones so that all the
    /// waiting runners of a run together read the row at most 1,000 times a second (1 ms per slice, up to 1 s), half
    /// the throughput target of a table partition.
    /// </summary>
    public static TimeSpan PollPeriod(int sliceCount) =>
        TimeSpan.FromTicks(Math.Clamp(TimeSpan.TicksPerMillisecond * Math.Max(sliceCount, 0), MinPoll.Ticks, MaxPoll.Ticks));

    /// <summary>How far ahead of the barrier's decision the start is set: the lead time, and never less than a poll period and the read slack.</summary>
    public static TimeSpan Margin(TimeSpan leadTime, int sliceCount)
    {
        var least = PollPeriod(sliceCount) + ReadSlack;
        return leadTime > least ? leadTime : least;
    }
}
