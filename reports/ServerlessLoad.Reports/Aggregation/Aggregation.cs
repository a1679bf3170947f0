using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports;

/// <summary>Merges per-slice, per-second rows into run-wide, per-request, per-second and per-slice results.</summary>
public static class Aggregation
{
    private static readonly IReadOnlyDictionary<string, long> NoneDropped = new Dictionary<string, long>();

    /// <summary>Two days: timelines longer than this are not gap-filled.</summary>
    public const long MaxFilledSpanSeconds = 2 * 86_400;

    /// <summary>
    /// Rows are keyed by (slice, second). A repeated key keeps only the row of the highest attempt, as the table
    /// would after an overwrite, so feeding the same rows twice changes nothing. Inputs are never mutated.
    /// </summary>
    public static MergedResults Merge(IEnumerable<SliceSecond> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var builder = new MergeBuilder();
        foreach (var slice in seconds.GroupBy(r => r.Slice).OrderBy(g => g.Key))
        {
            builder.AddSlice(slice.ToList());
        }

        return builder.Build();
    }

    /// <summary>
    /// Merges slice by slice, so a run's rows never need to be in memory at once: the caller reads one slice's rows,
    /// adds them, and lets them go. Only the merged per-second results are kept.
    /// </summary>
    public sealed class MergeBuilder
    {
        private readonly SortedDictionary<long, SecondAccumulator> perSecond = new();
        private readonly SortedDictionary<int, SliceAccumulator> perSlice = new();
        private readonly Dictionary<string, RequestStats> byRequest = new(StringComparer.Ordinal);
        private readonly RequestStats totals = new();
        private readonly GeneratorAccumulator generator = new();
        private readonly Func<string, bool> keepSecondLatency;
        private readonly EncodedRequestStats scratch = new();
        private Action<string, EncodedRequestStats>? addEncoded;
        private SecondAccumulator? current;
        private SliceAccumulator? currentSlice;

        /// <param name="keepSecondLatencyFor">
        /// Request names whose per-second latency distributions are kept (a threshold judged per second needs them);
        /// null keeps every name's. Per-second totals and per-request run-wide figures are always complete.
        /// </param>
        public MergeBuilder(IReadOnlySet<string>? keepSecondLatencyFor = null) =>
            keepSecondLatency = keepSecondLatencyFor is null ? _ => true : keepSecondLatencyFor.Contains;

        /// <summary>
        /// Rows of one slice. A repeated second keeps only the row of the highest attempt, as the table would after an
        /// overwrite, so feeding the same rows twice within a slice changes nothing. Inputs are never mutated.
        /// </summary>
        public void AddSlice(IReadOnlyList<SliceSecond> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            foreach (var row in Latest(rows, r => (r.Slice, r.Second, r.Attempt)))
            {
                var (second, slice) = Open(row.Slice, row.Second, row.Attempt, row.ActiveVus);
                generator.Add(row.Slice, row.Second, row.DroppedArrivals, row.Health);
                foreach (var (name, stats) in row.Requests)
                {
                    AddTo(second.Requests, name, stats, keepSecondLatency(name));
                    AddTo(byRequest, name, stats, withDistributions: true);
                    second.Totals.Add(stats);
                    totals.Add(stats);
                    slice.Requests += stats.Requests;
                    slice.Failures += stats.Failures;
                }
            }
        }

        /// <summary>
        /// Rows of one slice with their per-request JSON still encoded, decoded straight into the merged results: the
        /// same result as <see cref="AddSlice(IReadOnlyList{SliceSecond})"/> of the decoded rows, without building a
        /// histogram per row and name.
        /// </summary>
        public void AddSlice(IReadOnlyList<EncodedSliceSecond> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            foreach (var row in Latest(rows, r => (r.Slice, r.Second, r.Attempt)))
            {
                (current, currentSlice) = Open(row.Slice, row.Second, row.Attempt, row.ActiveVus);
                generator.Add(
                    row.Slice,
                    row.Second,
                    row.DroppedJson is null ? NoneDropped : SliceSecondCodec.DecodeDropped(row.DroppedJson),
                    SliceSecondCodec.DecodeHealth(row.HealthJson));
                if (!row.RequestsJson.IsEmpty)
                {
                    SliceSecondCodec.ReadRequests(row.RequestsJson.Span, scratch, addEncoded ??= AddEncoded);
                }
            }
        }

        private void AddEncoded(string name, EncodedRequestStats stats)
        {
            AddTo(current!.Requests, name, stats, keepSecondLatency(name));
            AddTo(byRequest, name, stats, withDistributions: true);
            current.Totals.Add(stats, withDistributions: true);
            totals.Add(stats, withDistributions: true);
            currentSlice!.Requests += stats.Requests;
            currentSlice.Failures += stats.Failures;
        }

        /// <summary>
        /// A repeated (slice, second) keeps only the row of the highest attempt; rows come out ordered by slice and second,
        /// a fixed order that keeps the kept failure samples (first few per category) deterministic.
        /// </summary>
        private static IEnumerable<T> Latest<T>(IReadOnlyList<T> rows, Func<T, (int Slice, long Second, int Attempt)> keyOf)
        {
            var latest = new Dictionary<(int Slice, long Second), (T Row, int Attempt)>(rows.Count);
            foreach (var row in rows)
            {
                var (slice, second, attempt) = keyOf(row);
                if (!latest.TryGetValue((slice, second), out var kept) || attempt > kept.Attempt)
                {
                    latest[(slice, second)] = (row, attempt);
                }
            }

            return latest.OrderBy(kv => kv.Key.Slice).ThenBy(kv => kv.Key.Second).Select(kv => kv.Value.Row);
        }

        private (SecondAccumulator Second, SliceAccumulator Slice) Open(int sliceIndex, long secondIndex, int attempt, int activeVus)
        {
            if (!perSecond.TryGetValue(secondIndex, out var second))
            {
                perSecond[secondIndex] = second = new SecondAccumulator();
            }

            if (!perSlice.TryGetValue(sliceIndex, out var slice))
            {
                perSlice[sliceIndex] = slice = new SliceAccumulator();
            }

            second.ActiveVus += activeVus;
            slice.Attempt = Math.Max(slice.Attempt, attempt);
            slice.Seconds++;
            slice.Stored.Add(new StoredSecond(secondIndex, attempt));
            return (second, slice);
        }

        public MergedResults Build() =>
            new()
            {
                ByRequest = byRequest,
                Totals = totals,
                Seconds = Timeline(perSecond),
                MeasuredSeconds = perSecond.Count == 0 ? 1 : perSecond.Keys.Last() - perSecond.Keys.First() + 1,
                Slices = perSlice
                    .Select(kv => new SliceTotals(kv.Key, kv.Value.Requests, kv.Value.Failures, kv.Value.Attempt, kv.Value.Seconds))
                    .ToList(),
                StoredSeconds = perSlice.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<StoredSecond>)kv.Value.Stored),
                DroppedArrivals = generator.DroppedPerSecond,
                DroppedArrivalsPerSlice = generator.DroppedPerSlice,
                Health = generator.HealthPerSlice,
            };
    }

    private static List<SecondResults> Timeline(SortedDictionary<long, SecondAccumulator> perSecond)
    {
        var timeline = new List<SecondResults>(perSecond.Count);
        if (perSecond.Count == 0)
        {
            return timeline;
        }

        var first = perSecond.Keys.First();
        var last = perSecond.Keys.Last();
        if (last - first >= MaxFilledSpanSeconds)
        {
            // A stray row far off the timeline must not make the report allocate millions of empty seconds.
            timeline.AddRange(perSecond.Select(kv => new SecondResults(kv.Key, kv.Value.Totals, kv.Value.Requests, kv.Value.ActiveVus)));
            return timeline;
        }

        for (var s = first; s <= last; s++)
        {
            timeline.Add(perSecond.TryGetValue(s, out var second)
                ? new SecondResults(s, second.Totals, second.Requests, second.ActiveVus)
                : new SecondResults(s, new RequestStats(), new Dictionary<string, RequestStats>(StringComparer.Ordinal), 0));
        }

        return timeline;
    }

    private static void AddTo(Dictionary<string, RequestStats> into, string name, RequestStats stats, bool withDistributions)
    {
        if (!into.TryGetValue(name, out var merged))
        {
            into[name] = merged = new RequestStats();
        }

        merged.Add(stats, withDistributions);
    }

    private static void AddTo(Dictionary<string, RequestStats> into, string name, EncodedRequestStats stats, bool withDistributions)
    {
        if (!into.TryGetValue(name, out var merged))
        {
            into[name] = merged = new RequestStats();
        }

        merged.Add(stats, withDistributions);
    }

    private sealed class SecondAccumulator
    {
        public RequestStats Totals { get; } = new();

        public Dictionary<string, RequestStats> Requests { get; } = new(StringComparer.Ordinal);

        public int ActiveVus { get; set; }
    }

    private sealed class SliceAccumulator
    {
        public long Requests { get; set; }

        public long Failures { get; set; }

        public int Attempt { get; set; }

        public int Seconds { get; set; }

        public List<StoredSecond> Stored { get; } = [];
    }
}
