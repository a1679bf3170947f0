namespace ServerlessLoad.Runner.Engine;

/// <summary>The run's timeline: second 0 starts at the run's startAt; every slice cuts seconds the same way.</summary>
public sealed class RunClock(DateTimeOffset startAt, TimeProvider time)
{
    public DateTimeOffset StartAt { get; } = startAt;

    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    public long CurrentSecond => SecondOf(Time.GetUtcNow());

    /// <summary>floor((instant - startAt) / 1 s); instants before the start count as second 0.</summary>
    public long SecondOf(DateTimeOffset instant)
    {
        var elapsed = instant - StartAt;
        return elapsed <= TimeSpan.Zero ? 0 : elapsed.Ticks / TimeSpan.TicksPerSecond;
    }
}
