using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Runner.Slices;

/// <summary>
/// Seconds measured but not stored yet, oldest first, at most <c>capacity</c> of them: while storage is unreachable a
/// slice keeps measuring, and when the buffer is full the oldest second is dropped and counted (memory stays bounded).
/// Used by one flush loop at a time; not thread-safe.
/// </summary>
public sealed class PendingSeconds
{
    private readonly LinkedList<SliceSecond> seconds = new();
    private readonly int capacity;

    public PendingSeconds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
    }

    public int Count => seconds.Count;

    public long DroppedSeconds { get; private set; }

    public long DroppedRequests { get; private set; }

    /// <summary>The latest second held, or null when empty.</summary>
    public long? LastSecond => seconds.Last?.Value.Second;

    public void Add(IEnumerable<SliceSecond> taken)
    {
        foreach (var second in taken)
        {
            seconds.AddLast(second);
            if (seconds.Count > capacity)
            {
                var oldest = seconds.First!.Value;
                seconds.RemoveFirst();
                DroppedSeconds++;
                DroppedRequests += oldest.TotalRequests;
            }
        }
    }

    public IReadOnlyList<SliceSecond> Snapshot() => seconds.ToList();

    /// <summary>Forgets every second up to and including <paramref name="second"/> (they are stored).</summary>
    public void RemoveThrough(long second)
    {
        while (seconds.First is { } first && first.Value.Second <= second)
        {
            seconds.RemoveFirst();
        }
    }
}
