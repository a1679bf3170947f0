using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Live;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Metrics;

/// <summary>
/// Gathers a <see cref="PipelineSnapshot"/> from storage: run rows by status; for each running run its stored seconds
/// merged (through <see cref="LiveRuns"/>, so a scrape reads only the rows written since the last one); the queues'
/// approximate lengths; and the runners the watchdog would call alive, those whose heartbeat on a slice they hold is
/// younger than the heartbeat expiry.
/// </summary>
public sealed class MetricsCollector(PipelineStore store, PipelineSettings settings, LiveRuns live, TimeProvider time)
{
    private static readonly double[] Quantiles = [0.5, 0.9, 0.95, 0.99];

    public async Task<PipelineSnapshot> CollectAsync(CancellationToken ct)
    {
        var runs = await store.ListRunsAsync(ct).ConfigureAwait(false);
        var byStatus = runs.GroupBy(r => r.Status, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var running = new List<RunFigures>();
        var held = new List<SliceRecord>();
        foreach (var run in runs.Where(r => r.Status == RunStatus.Running))
        {
            running.Add(await live.ReadAsync(run, state => { held.AddRange(state.Slices); return Figures(state); }, ct).ConfigureAwait(false));
        }

        return new PipelineSnapshot(byStatus, running, await QueueLengthsAsync(ct).ConfigureAwait(false), LiveRunners(held, time.GetUtcNow(), settings.HeartbeatExpiry));
    }

    /// <summary>Per runner, the slices it holds whose heartbeat is younger than <paramref name="expiry"/>.</summary>
    public static IReadOnlyDictionary<string, int> LiveRunners(IEnumerable<SliceRecord> slices, DateTimeOffset now, TimeSpan expiry) =>
        slices
            .Where(s => s.Status == SliceStatus.Running && s.Runner is not null && s.Heartbeat is { } beat && now - beat <= expiry)
            .GroupBy(s => s.Runner!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    internal static RunFigures Figures(LiveState state)
    {
        var totals = state.Results.Totals;
        var last = state.Results.Seconds.LastOrDefault(s => s.Second <= state.Through);
        var latency = totals.Latency;
        return new RunFigures(
            state.Run.RunId,
            state.Run.PlanName,
            state.Through,
            totals.Requests,
            totals.Failures,
            last?.Totals.Requests ?? 0,
            last?.Totals.Failures ?? 0,
            last?.ActiveVus ?? 0,
            latency.TotalCount == 0 ? [] : Quantiles.Select(q => (q, latency.ValueAtPercentile(q * 100) / 1e6)).ToList(),
            latency.SumMicros / 1e6,
            latency.TotalCount);
    }

    private async Task<IReadOnlyDictionary<string, int>> QueueLengthsAsync(CancellationToken ct)
    {
        var names = store.QueueNames;
        var queues = new[] { names.RunRequests, names.Slices, names.SliceEvents, names.Reports };
        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in queues.Concat(queues.Select(Core.Messages.QueueNames.Poison)))
        {
            try
            {
                lengths[queue] = (await store.Queue(queue).GetPropertiesAsync(ct).ConfigureAwait(false)).Value.ApproximateMessagesCount;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // A poison queue exists once something was poisoned: none yet is none waiting.
                lengths[queue] = 0;
            }
        }

        return lengths;
    }
}
