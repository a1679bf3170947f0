namespace ServerlessLoad.Runner.Tests.Support;

/// <summary>A wall clock that moves only when the test says so (timers are not needed by its users).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
