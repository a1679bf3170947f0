using ServerlessLoad.Core.Plans;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Live;

/// <summary>What a run has stored so far, merged: the complete prefix of its seconds, and its plan to judge them by.</summary>
/// <param name="Through">The last second every slice has stored (-1 before the first).</param>
public sealed record LiveState(RunRecord Run, IReadOnlyList<SliceRecord> Slices, Plan? Plan, MetricCatalog Catalog, MergedResults Results, long Through);

/// <summary>
/// The stored seconds of the runs people and Prometheus are watching, merged incrementally per run in this host's
/// memory: each read only fetches the rows written since the last one (<see cref="RunProgress"/>). The dashboard's
/// live view and /metrics read through here. Another host, or this one after a restart, rebuilds a run from its rows;
/// at most <see cref="MaxRuns"/> runs are kept, the least recently read dropped first.
/// </summary>
public sealed class LiveRuns(PipelineStore store, TimeProvider time)
{
    public const int MaxRuns = 32;

    private readonly Dictionary<string, Entry> runs = new(StringComparer.Ordinal);

    /// <summary>
    /// Catches <paramref name="run"/> up with its stored rows and projects the result. The projection runs while this
    /// run is locked (the merged results are live state), so it must copy what it keeps.
    /// </summary>
    public async Task<T> ReadAsync<T>(RunRecord run, Func<LiveState, T> project, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(project);
        var entry = await EntryForAsync(run.RunId, ct).ConfigureAwait(false);
        await entry.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var slices = await store.GetSlicesAsync(run.RunId, ct).ConfigureAwait(false);
            await entry.Progress.CatchUpAsync(store, run.RunId, slices, ct).ConfigureAwait(false);
            return project(new LiveState(run, slices, entry.Plan, entry.Catalog, entry.Merged.Build(), entry.Progress.Through));
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<Entry> EntryForAsync(string runId, CancellationToken ct)
    {
        lock (runs)
        {
            if (runs.TryGetValue(runId, out var known))
            {
                known.LastRead = time.GetTimestamp();
                return known;
            }
        }

        var text = await store.GetPlanAsync(runId, ct).ConfigureAwait(false);
        var plan = text is null ? null : PlanParser.Parse(text).Plan;
        var merged = new Aggregation.MergeBuilder(plan is null ? new HashSet<string>() : SecondLatencyKeys.For(plan));
        var entry = new Entry(plan, MetricCatalog.Of(plan), merged, new RunProgress(rows => AddBySlice(merged, rows))) { LastRead = time.GetTimestamp() };
        lock (runs)
        {
            if (runs.TryGetValue(runId, out var raced))
            {
                return raced;
            }

            if (runs.Count >= MaxRuns)
            {
                runs.Remove(runs.MinBy(kv => kv.Value.LastRead).Key);
            }

            runs[runId] = entry;
            return entry;
        }
    }

    private static void AddBySlice(Aggregation.MergeBuilder merged, IEnumerable<Core.Results.SliceSecond> rows)
    {
        foreach (var slice in rows.GroupBy(r => r.Slice))
        {
            merged.AddSlice(slice.ToList());
        }
    }

    private sealed record Entry(Plan? Plan, MetricCatalog Catalog, Aggregation.MergeBuilder Merged, RunProgress Progress)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long LastRead { get; set; }
    }
}
