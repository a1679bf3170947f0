using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

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

    /// <summary>The timeline's resolution: served responses are counted per 100 ms.</summary>
    public static readonly TimeSpan BucketLength = TimeSpan.FromMilliseconds(100);

    /// <summary>At most this many buckets (two hours) and connections are remembered; beyond that the oldest are not kept.</summary>
    public const int MaxBuckets = 72_000;

    public const int MaxConnections = 100_000;

    private readonly ConcurrentDictionary<string, PathCounter> byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, StrongBox<long>> timeline = new();
    private readonly ConcurrentDictionary<string, long> connectionFirstTicks = new(StringComparer.Ordinal);
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

    /// <summary>Responses served per 100 ms bucket (keyed by the bucket's start), oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset Start, long Served)> Timeline() =>
        timeline.OrderBy(kv => kv.Key).Select(kv => (new DateTimeOffset(kv.Key * BucketLength.Ticks, TimeSpan.Zero), Interlocked.Read(ref kv.Value.Value))).ToList();

    /// <summary>When each connection's first response was served, oldest first: a runner's new connections show when its load began.</summary>
    public IReadOnlyList<DateTimeOffset> ConnectionsFirstServed() =>
        connectionFirstTicks.Values.Order().Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList();

    /// <summary>Counts a response on <paramref name="counter"/>'s path, in the timeline and for its connection.</summary>
    public void Served(PathCounter counter, string? connectionId)
    {
        counter.Increment();
        var now = DateTime.UtcNow.Ticks;
        var bucket = now / BucketLength.Ticks;
        if (timeline.TryGetValue(bucket, out var box) || (timeline.Count < MaxBuckets && (box = timeline.GetOrAdd(bucket, static _ => new StrongBox<long>())) is not null))
        {
            Interlocked.Increment(ref box!.Value);
        }

        if (connectionId is not null && connectionFirstTicks.Count < MaxConnections)
        {
            connectionFirstTicks.TryAdd(connectionId, now);
        }
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
        timeline.Clear();
        connectionFirstTicks.Clear();
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
