using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Reports;

/// <summary>
/// Which seconds a slice was planned to measure but holds no row for, and why. A slice's planned seconds are those of
/// every scenario that gives it a share, cut at the run's end (a cancelled run plans nothing after it stopped). A healthy
/// slice writes a row for every second it runs, so a hole means a runner died, started late, or lost rows.
/// </summary>
public static class SliceGaps
{
    public static IReadOnlyList<MissingSpan> Find(RunFacts facts, int index, SliceFacts? slice, IReadOnlyList<StoredSecond> stored)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(stored);
        if (facts.Plan is not { } plan || index >= plan.Slices)
        {
            return Array.Empty<MissingSpan>();
        }

        var planned = PlannedSeconds(plan, index, RunEnd(facts));
        var held = stored.ToDictionary(s => s.Second);
        var spans = new List<MissingSpan>();
        long? from = null;
        for (var i = 0; i < planned.Count; i++)
        {
            var second = planned[i];
            if (!held.ContainsKey(second))
            {
                from ??= second;
                var nextIsMissingToo = i + 1 < planned.Count && planned[i + 1] == second + 1 && !held.ContainsKey(second + 1);
                if (!nextIsMissingToo)
                {
                    spans.Add(new MissingSpan(from.Value, second, Reason(Before(stored, from.Value), After(stored, second), slice)));
                    from = null;
                }
            }
        }

        return spans.Count == 0 ? Array.Empty<MissingSpan>() : spans;
    }

    /// <summary>The run's last second counts only when it was whole: nothing is planned after the run ended.</summary>
    internal static long RunEnd(RunFacts facts) => (long)Math.Floor((facts.EndedAt - facts.StartedAt).TotalSeconds);

    /// <summary>The seconds the slice was planned to measure, in order.</summary>
    internal static List<long> PlannedSeconds(Plan plan, int index, long runEnd)
    {
        var seconds = new SortedSet<long>();
        foreach (var scenario in plan.Scenarios)
        {
            if (scenario.Executor == Executors.ConstantVus && Share.Of(scenario.Vus, index, plan.Slices) == 0)
            {
                continue;
            }

            var first = (long)Math.Floor(scenario.StartTime.TotalSeconds);
            var last = Math.Min((long)Math.Ceiling((scenario.StartTime + scenario.Duration).TotalSeconds), runEnd) - 1;
            for (var second = first; second <= last; second++)
            {
                seconds.Add(second);
            }
        }

        return [.. seconds];
    }

    private static StoredSecond? Before(IReadOnlyList<StoredSecond> stored, long second) => stored.LastOrDefault(s => s.Second < second);

    private static StoredSecond? After(IReadOnlyList<StoredSecond> stored, long second) => stored.FirstOrDefault(s => s.Second > second);

    private static string Reason(StoredSecond? before, StoredSecond? after, SliceFacts? slice)
    {
        if (after is not null)
        {
            if (after.Attempt > 1 && (before is null || before.Attempt < after.Attempt))
            {
                return $"attempt {after.Attempt - 1} stopped before storing these seconds (its runner was killed or cut off); attempt {after.Attempt} took over at second {after.Second}";
            }

            return before is null
                ? $"not measured: the slice started late, at second {after.Second} (no runner was free earlier)"
                : "no rows stored: the runner dropped them" + (slice?.Error is { } error ? $" ({error})" : string.Empty);
        }

        var detail = slice?.Error is { } e ? $": {e}" : string.Empty;
        return slice?.Status switch
        {
            SliceStatus.Lost => "not measured: the slice was lost" + detail,
            SliceStatus.Failed => "not measured: the slice failed" + detail,
            SliceStatus.Cancelled => "not measured: the slice was cancelled",
            SliceStatus.Completed when before is null => "not measured: the slice started after its timeline had ended (no runner was free in time)",
            SliceStatus.Completed when slice.Attempt > before!.Attempt =>
                $"not measured: attempt {before.Attempt} stopped after second {before.Second}; attempt {slice.Attempt} took over when the timeline had ended",
            SliceStatus.Completed => "not measured: the slice stopped measuring early",
            null => "not measured: the slice has no record",
            _ => $"not measured: the slice is still {slice.Status}",
        };
    }
}
