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

    public long Total => Interlocked.Read(ref total);

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
    }

    internal sealed class PathCounter(ServedCounters owner)
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Increment()
        {
            Interlocked.Increment(ref count);
            Interlocked.Increment(ref owner.total);
        }

        public void Reset() => Interlocked.Exchange(ref count, 0);
    }
}
