using System.Runtime.InteropServices;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Accumulates one slice's outcomes into per-second, per-request <see cref="RequestStats"/> and hands finished seconds
/// out as <see cref="SliceSecond"/>s. Invariants: every recorded outcome lands in exactly one handed-out second (an
/// outcome stamped with a second already handed out goes into the earliest open second instead, so nothing is lost or
/// written twice), and handed-out seconds are contiguous from the first second with any activity.
/// </summary>
/// <remarks>
/// Recording is striped: each virtual user records through one of a few <see cref="RecorderShard"/>s with its own lock,
/// so concurrent VUs rarely meet; taking a second merges the shards. The hand-out boundary is published before the
/// shards are swept, and shards read it under their lock, which is what keeps late outcomes out of taken seconds.
/// </remarks>
public sealed class SliceRecorder
{
    private const long NoActivity = long.MaxValue;

    private readonly Lock gate = new();
    private readonly RecorderShard[] shards;
    private readonly Dictionary<long, SecondExtras> extras = [];
    private long openFrom;
    private long firstActive = NoActivity;
    private int activeVus;
    private int vusAtEndOfLastTaken;
    private int inFlight;

    public SliceRecorder(DateTimeOffset startAt, TimeProvider time)
    {
        Clock = new RunClock(startAt, time);
        // About one stripe per core: enough to keep VUs on different cores apart, few enough to keep a second small.
        shards = new RecorderShard[Math.Clamp(Environment.ProcessorCount, 1, 16)];
        for (var i = 0; i < shards.Length; i++)
        {
            shards[i] = new RecorderShard(this);
        }
    }

    public RunClock Clock { get; }

    /// <summary>Removes the run's secret values from failure samples before they are recorded (and so stored).</summary>
    public Secrets.SecretScrubber Scrubber { get; init; } = Secrets.SecretScrubber.None;

    /// <summary>Where screenshots of failed browser steps go, and how many; null takes none.</summary>
    public Browser.ScreenshotShelf? Screenshots { get; init; }

    /// <summary>
    /// Every scheduling-lag sample of the slice (microseconds), for the lag percentiles of the whole run beside the
    /// per-second ones in <see cref="GeneratorHealth"/>. Written only by the slice's health monitor; read once the slice
    /// is over.
    /// </summary>
    public Core.Histograms.LatencyHistogram TimerLag { get; } = new();

    public int ActiveVus
    {
        get
        {
            lock (gate)
            {
                return activeVus;
            }
        }
    }

    /// <summary>Requests sent and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>The first second not handed out yet; outcomes stamped earlier are recorded into it.</summary>
    internal long OpenFrom => Volatile.Read(ref openFrom);

    /// <summary>The shard a virtual user (or any other recording party) with this number records through.</summary>
    public RecorderShard Shard(int key) => shards[(int)((uint)key % (uint)shards.Length)];

    public void Record(in RequestOutcome outcome) => Shard(Environment.CurrentManagedThreadId).Record(in outcome);

    /// <summary>A new connection set up outside any single request's measurement (HttpClient opens them on its own).</summary>
    public void RecordConnect(string request, long second, long micros) => Shard(Environment.CurrentManagedThreadId).RecordConnect(request, second, micros);

    public void AddInFlight(int delta) => Interlocked.Add(ref inFlight, delta);

    /// <summary>Executors call this with +n when virtual users start and -n when they stop.</summary>
    public void AddActiveVus(int delta)
    {
        var second = Clock.CurrentSecond;
        lock (gate)
        {
            activeVus += delta;
            ExtrasFor(second).VusAtEnd = activeVus;
        }
    }

    /// <summary>An arrival of <paramref name="scenario"/> due in <paramref name="second"/> found no free VU.</summary>
    public void AddDroppedArrival(string scenario, long second)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        lock (gate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(ExtrasFor(second).Dropped, scenario, out _)++;
        }
    }

    public void RecordHealth(long second, GeneratorHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        lock (gate)
        {
            var bucket = ExtrasFor(second);
            bucket.Health = bucket.Health is { } earlier ? GeneratorHealth.Combine(earlier, health) : health;
        }
    }

    /// <summary>Removes and returns every second before <paramref name="beforeSecond"/>, oldest first.</summary>
    public IReadOnlyList<SliceSecond> TakeCompleted(long beforeSecond, string runId, int slice, int attempt)
    {
        lock (gate)
        {
            return TakeLocked(beforeSecond, runId, slice, attempt);
        }
    }

    /// <summary>Removes and returns every second still held, oldest first (at the end of the slice).</summary>
    public IReadOnlyList<SliceSecond> TakeAll(string runId, int slice, int attempt)
    {
        lock (gate)
        {
            var last = extras.Count == 0 ? (long?)null : extras.Keys.Max();
            foreach (var shard in shards)
            {
                if (shard.LastSecond() is { } shardLast)
                {
                    last = last is { } l ? Math.Max(l, shardLast) : shardLast;
                }
            }

            return TakeLocked(last is { } end ? end + 1 : openFrom, runId, slice, attempt);
        }
    }

    /// <summary>Lock-free (shards call it under their own lock, and the recorder sweeps shards under its own).</summary>
    internal void NoteActive(long second)
    {
        var seen = Volatile.Read(ref firstActive);
        while (second < seen)
        {
            var previous = Interlocked.CompareExchange(ref firstActive, second, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private List<SliceSecond> TakeLocked(long beforeSecond, string runId, int slice, int attempt)
    {
        var from = openFrom;
        if (beforeSecond > from)
        {
            // Published before the sweep: a shard records anything that arrives after its sweep into later seconds.
            Volatile.Write(ref openFrom, beforeSecond);
        }

        var requests = new Dictionary<long, Dictionary<string, RequestStats>>();
        foreach (var shard in shards)
        {
            shard.MoveBefore(beforeSecond, requests);
        }

        var taken = new List<SliceSecond>();
        if (Volatile.Read(ref firstActive) is var first && first != NoActivity)
        {
            for (var second = Math.Max(from, first); second < beforeSecond; second++)
            {
                extras.Remove(second, out var bucket);
                vusAtEndOfLastTaken = bucket?.VusAtEnd ?? vusAtEndOfLastTaken;
                taken.Add(new SliceSecond
                {
                    RunId = runId,
                    Slice = slice,
                    Attempt = attempt,
                    Second = second,
                    ActiveVus = vusAtEndOfLastTaken,
                    Requests = requests.GetValueOrDefault(second) ?? new Dictionary<string, RequestStats>(StringComparer.Ordinal),
                    DroppedArrivals = bucket?.Dropped ?? new Dictionary<string, long>(StringComparer.Ordinal),
                    Health = bucket?.Health,
                });
            }
        }

        return taken;
    }

    private SecondExtras ExtrasFor(long second)
    {
        // A second already handed out is closed: late arrivals join the earliest open second.
        var open = Math.Max(second, openFrom);
        NoteActive(open);
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(extras, open, out _);
        return bucket ??= new SecondExtras();
    }

    private sealed class SecondExtras
    {
        /// <summary>Active VUs after the last change inside this second; null when they did not change.</summary>
        public int? VusAtEnd { get; set; }

        public Dictionary<string, long> Dropped { get; } = new(StringComparer.Ordinal);

        public GeneratorHealth? Health { get; set; }
    }
}
