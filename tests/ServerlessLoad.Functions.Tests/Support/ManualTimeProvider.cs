namespace ServerlessLoad.Functions.Tests.Support;

/// <summary>A wall clock that moves only when the test says so (its users read the time; they set no timers).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
