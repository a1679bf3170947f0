using System.Collections.Concurrent;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// The one-off server stall of <c>GET /stall?at=S&amp;for=MS</c>: the first request arriving at or after S seconds since
/// the target started opens a window of MS milliseconds; it and every request arriving inside the window are held until
/// the window ends. Requests before S or after the window are answered at once. Each distinct (at, for) pair has its
/// own window, opened at most once per target.
/// </summary>
internal sealed class StallWindows(TimeProvider time, long startedTimestamp)
{
    private readonly ConcurrentDictionary<(double At, int For), Window> windows = new();

    /// <summary>How long a request arriving now must wait.</summary>
    public TimeSpan DelayFor(double atSeconds, int forMillis)
    {
        var now = time.GetElapsedTime(startedTimestamp);
        if (now < TimeSpan.FromSeconds(atSeconds))
        {
            return TimeSpan.Zero;
        }

        var window = windows.GetOrAdd((atSeconds, forMillis), static _ => new Window());
        var end = window.OpenOrGetEnd(now, TimeSpan.FromMilliseconds(forMillis));
        return end > now ? end - now : TimeSpan.Zero;
    }

    private sealed class Window
    {
        private const long NotOpened = long.MinValue;
        private long endTicks = NotOpened;

        public TimeSpan OpenOrGetEnd(TimeSpan now, TimeSpan length)
        {
            var candidate = (now + length).Ticks;
            var previous = Interlocked.CompareExchange(ref endTicks, candidate, NotOpened);
            return TimeSpan.FromTicks(previous == NotOpened ? candidate : previous);
        }
    }
}
