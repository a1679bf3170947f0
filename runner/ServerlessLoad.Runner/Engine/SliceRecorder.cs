using System.Globalization;
using System.Runtime.InteropServices;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Accumulates one slice's outcomes into per-second, per-request <see cref="RequestStats"/> and hands finished seconds
/// out as <see cref="SliceSecond"/>s. Invariants: every recorded outcome lands in exactly one handed-out second (an
/// outcome stamped with a second already handed out goes into the earliest open second instead, so nothing is lost or
/// written twice), and handed-out seconds are contiguous from the first second with any activity.
/// </summary>
public sealed class SliceRecorder
{
    private static readonly string[] StatusKeys =
        Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly Lock gate = new();
    private readonly Dictionary<long, SecondBucket> buckets = [];
    private long openFrom;
    private long? firstActive;
    private int activeVus;
    private int vusAtEndOfLastTaken;

    public SliceRecorder(DateTimeOffset startAt, TimeProvider time)
    {
        Clock = new RunClock(startAt, time);
    }

    public RunClock Clock { get; }

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

    public void Record(in RequestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome.Request);
        lock (gate)
        {
            var stats = BucketFor(outcome.Second).StatsFor(outcome.Request);
            stats.Requests++;
            stats.BytesSent += outcome.BytesSent;
            stats.BytesReceived += outcome.BytesReceived;
            CollectionsMarshal.GetValueRefOrAddDefault(stats.StatusCodes, StatusKey(outcome.Status), out _)++;
            if (outcome.Failed)
            {
                stats.Failures++;
                var category = outcome.FailureCategory ?? "error";
                CollectionsMarshal.GetValueRefOrAddDefault(stats.FailureCategories, category, out _)++;
                if (outcome.FailureSample is { } sample)
                {
                    stats.AddSample(category, sample);
                }
            }

            stats.Latency.RecordMicros(outcome.LatencyMicros);
        }
    }

    /// <summary>Executors call this with +n when virtual users start and -n when they stop.</summary>
    public void AddActiveVus(int delta)
    {
        var second = Clock.CurrentSecond;
        lock (gate)
        {
            activeVus += delta;
            BucketFor(second).VusAtEnd = activeVus;
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
            var end = buckets.Count == 0 ? openFrom : buckets.Keys.Max() + 1;
            return TakeLocked(end, runId, slice, attempt);
        }
    }

    private List<SliceSecond> TakeLocked(long beforeSecond, string runId, int slice, int attempt)
    {
        var taken = new List<SliceSecond>();
        if (firstActive is { } first)
        {
            for (var second = Math.Max(openFrom, first); second < beforeSecond; second++)
            {
                buckets.Remove(second, out var bucket);
                vusAtEndOfLastTaken = bucket?.VusAtEnd ?? vusAtEndOfLastTaken;
                taken.Add(new SliceSecond
                {
                    RunId = runId,
                    Slice = slice,
                    Attempt = attempt,
                    Second = second,
                    ActiveVus = vusAtEndOfLastTaken,
                    Requests = bucket?.Requests ?? new Dictionary<string, RequestStats>(StringComparer.Ordinal),
                });
            }
        }

        openFrom = Math.Max(openFrom, beforeSecond);
        return taken;
    }

    private SecondBucket BucketFor(long second)
    {
        // A second already handed out is closed: late arrivals join the earliest open second.
        var open = Math.Max(second, openFrom);
        firstActive = firstActive is { } first ? Math.Min(first, open) : open;
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, open, out _);
        return bucket ??= new SecondBucket();
    }

    private static string StatusKey(int status) =>
        (uint)status < (uint)StatusKeys.Length ? StatusKeys[status] : status.ToString(CultureInfo.InvariantCulture);

    private sealed class SecondBucket
    {
        public Dictionary<string, RequestStats> Requests { get; } = new(StringComparer.Ordinal);

        /// <summary>Active VUs after the last change inside this second; null when they did not change.</summary>
        public int? VusAtEnd { get; set; }

        public RequestStats StatsFor(string request)
        {
            ref var stats = ref CollectionsMarshal.GetValueRefOrAddDefault(Requests, request, out _);
            return stats ??= new RequestStats();
        }
    }
}
