using System.Threading.Tasks.Sources;
using ServerlessLoad.Runner.Engine.Http;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// One virtual user of a scenario in a slice: its own random sequence (so a slice replays the same requests on every
/// run), the recorder stripe it writes to, and, under arrival-rate executors, the hand-over of its next arrival
/// without allocating (a reusable value-task source).
/// </summary>
internal sealed class VirtualUser : IValueTaskSource<long>
{
    /// <summary>Handed to a waiting VU instead of an arrival: leave.</summary>
    public const long Leave = -1;

    private ManualResetValueTaskSourceCore<long> next;

    public VirtualUser(int number, int seed, RecorderShard shard)
    {
        Number = number;
        Random = new Random(seed);
        Shard = shard;
    }

    public int Number { get; }

    public Random Random { get; }

    public RecorderShard Shard { get; }

    /// <summary>This VU's place in line when its scenario's connections are all busy.</summary>
    public ConnectionWaiter ConnectionWaiter { get; } = new();

    /// <summary>
    /// Deterministic across processes (unlike HashCode), so a slice replays the same request sequence on every run.
    /// </summary>
    public static int Seed(int sliceIndex, int scenarioIndex, int vu)
    {
        var x = ((ulong)(uint)sliceIndex << 40) ^ ((ulong)(uint)scenarioIndex << 20) ^ (uint)vu;

        // SplitMix64 finalizer: neighbouring inputs give unrelated seeds.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return unchecked((int)x);
    }

    /// <summary>Waits for <see cref="Assign"/>: the intended start timestamp of the next arrival, or <see cref="Leave"/>.</summary>
    public ValueTask<long> NextArrivalAsync() => new(this, next.Version);

    /// <summary>
    /// Hands over an arrival. The VU's continuation runs right here, on the caller's thread, up to its first wait (the
    /// send is written before this returns), so the dispatcher pays for no thread hop.
    /// </summary>
    public void Assign(long intendedTimestamp) => next.SetResult(intendedTimestamp);

    long IValueTaskSource<long>.GetResult(short token)
    {
        try
        {
            return next.GetResult(token);
        }
        finally
        {
            next.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<long>.GetStatus(short token) => next.GetStatus(token);

    void IValueTaskSource<long>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        next.OnCompleted(continuation, state, token, flags);
}
