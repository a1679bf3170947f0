using System.Collections.Concurrent;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// Requests the demo target served, per path. Lock-free: a counter per path found through a ConcurrentDictionary and
/// bumped with Interlocked, so counting never slows the target down.
/// </summary>
internal sealed class ServedCounters
{
    /// <summary>Paths beyond this many distinct ones share one counter, so stray URLs cannot grow memory unboundedly.</summary>
    public const int MaxDistinctPaths = 1024;

    public const string OtherPaths = "(other)";

    private readonly ConcurrentDictionary<string, PathCounter> byPath = new(StringComparer.Ordinal);
    private long total;
    private long firstTicks;
    private long lastTicks;

    public long Total => Interlocked.Read(ref total);

    /// <summary>When the first and the latest counted response started (UTC); null before any.</summary>
    public DateTimeOffset? FirstAt => Stamp(Interlocked.Read(ref firstTicks));

    public DateTimeOffset? LastAt => Stamp(Interlocked.Read(ref lastTicks));

    public PathCounter For(string path)
    {
        if (byPath.TryGetValue(path, out var counter))
        {
            return counter;
        }

        var key = byPath.Count < MaxDistinctPaths ? path : OtherPaths;
        return byPath.GetOrAdd(key, static (_, owner) => new PathCounter(owner), this);
    }

    public IReadOnlyDictionary<string, long> Snapshot() =>
        byPath.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value.Count, StringComparer.Ordinal);

    public void Reset()
    {
        foreach (var counter in byPath.Values)
        {
            counter.Reset();
        }

        Interlocked.Exchange(ref total, 0);
        Interlocked.Exchange(ref firstTicks, 0);
        Interlocked.Exchange(ref lastTicks, 0);
    }

    private void Touch()
    {
        var now = DateTime.UtcNow.Ticks;
        Interlocked.CompareExchange(ref firstTicks, now, 0);
        Interlocked.Exchange(ref lastTicks, now);
    }

    private static DateTimeOffset? Stamp(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    internal sealed class PathCounter(ServedCounters owner)
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Increment()
        {
            Interlocked.Increment(ref count);
            Interlocked.Increment(ref owner.total);
            owner.Touch();
        }

        public void Reset() => Interlocked.Exchange(ref count, 0);
    }
}
