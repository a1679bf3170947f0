namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// The run's timeline: second 0 starts at the run's startAt; every slice cuts seconds the same way. Wall-clock instants
/// map onto the monotonic timestamps used for measuring, so a planned instant can serve as a request's intended start.
/// </summary>
public sealed class RunClock
{
    private readonly DateTimeOffset anchorInstant;
    private readonly long anchorTimestamp;

    public RunClock(DateTimeOffset startAt, TimeProvider time)
    {
        StartAt = startAt;
        Time = time ?? throw new ArgumentNullException(nameof(time));
        anchorInstant = time.GetUtcNow();
        anchorTimestamp = time.GetTimestamp();
    }

    public DateTimeOffset StartAt { get; }

    public TimeProvider Time { get; }

    public long CurrentSecond => SecondOf(Time.GetUtcNow());

    /// <summary>floor((instant - startAt) / 1 s); instants before the start count as second 0.</summary>
    public long SecondOf(DateTimeOffset instant)
    {
        var elapsed = instant - StartAt;
        return elapsed <= TimeSpan.Zero ? 0 : elapsed.Ticks / TimeSpan.TicksPerSecond;
    }

    /// <summary>The monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which the wall clock shows <paramref name="instant"/>.</summary>
    public long TimestampOf(DateTimeOffset instant)
    {
        var ticks = (instant - anchorInstant).Ticks;
        return anchorTimestamp + (long)((double)ticks * Time.TimestampFrequency / TimeSpan.TicksPerSecond);
    }

    /// <summary>Whole microseconds between two timestamps (0 when <paramref name="to"/> is earlier).</summary>
    public long MicrosBetween(long from, long to) =>
        to <= from ? 0 : (long)((double)(to - from) * 1_000_000 / Time.TimestampFrequency);
}
