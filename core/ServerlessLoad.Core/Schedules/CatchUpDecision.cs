namespace ServerlessLoad.Core.Schedules;

/// <summary>
/// What a tick does for one schedule: start <see cref="Start"/> (the latest occurrence due), or record that every
/// occurrence up to <see cref="SkipThrough"/> was too old to run, or nothing.
/// </summary>
public sealed record CatchUpDecision(DateTimeOffset? Start, int SkippedInWindow, DateTimeOffset? SkipThrough, DateTimeOffset? OldestSkipped)
{
    public static readonly CatchUpDecision Nothing = new(null, 0, null, null);

    /// <summary>Occurrences due within this long are never skipped, however small the catch-up window is set.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Decides from the occurrences after <paramref name="handledThrough"/> (the last occurrence started, skipped, or
    /// the moment the schedule took effect) up to <paramref name="now"/>. Like a Functions timer that keeps a monitor:
    /// of several missed occurrences only the latest runs, and only when it is within the catch-up window; older
    /// ones are skipped. Each occurrence is handled at most once because the caller records the decision before acting.
    /// </summary>
    public static CatchUpDecision Decide(ScheduleTiming timing, DateTimeOffset handledThrough, DateTimeOffset now, TimeSpan catchUpWindow)
    {
        ArgumentNullException.ThrowIfNull(timing);
        if (now <= handledThrough)
        {
            return Nothing;
        }

        var windowStart = now - (catchUpWindow > MinimumWindow ? catchUpWindow : MinimumWindow);
        DateTimeOffset? oldestSkipped = null;
        if (handledThrough < windowStart)
        {
            oldestSkipped = timing.Occurrences(handledThrough, windowStart).Cast<DateTimeOffset?>().FirstOrDefault();
        }

        DateTimeOffset? latest = null;
        var inWindow = 0;
        foreach (var occurrence in timing.Occurrences(handledThrough > windowStart ? handledThrough : windowStart, now))
        {
            latest = occurrence;
            inWindow++;
        }

        if (latest is not null)
        {
            return new CatchUpDecision(latest, inWindow - 1, null, oldestSkipped);
        }

        return oldestSkipped is null ? Nothing : new CatchUpDecision(null, 0, windowStart, oldestSkipped);
    }
}
