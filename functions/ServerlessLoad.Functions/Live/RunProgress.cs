using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Live;

/// <summary>
/// What one running run has stored so far, read incrementally: each catch-up reads only the rows after the last second
/// read per slice, and hands a second on once every slice still running has stored it (a slice writes a row for every
/// second from its first activity, in order), so what was handed on is always a complete prefix of the run. The
/// abortOnFail monitor judges that prefix; the dashboard and /metrics show it.
/// </summary>
internal sealed class RunProgress(Action<IEnumerable<SliceSecond>> merge)
{
    private readonly Dictionary<int, long> lastRead = [];
    private readonly List<SliceSecond> waiting = [];

    /// <summary>The last second handed on (every slice has stored it), or -1 before the first.</summary>
    public long Through { get; private set; } = -1;

    /// <summary>Reads the slices' new rows and hands on the seconds every slice has stored.</summary>
    public async Task CatchUpAsync(PipelineStore store, string runId, IReadOnlyList<SliceRecord> slices, CancellationToken ct)
    {
        foreach (var slice in slices)
        {
            var after = lastRead.GetValueOrDefault(slice.Index, -1);
            await foreach (var row in store.ReadSecondsAsync(runId, slice.Index, after, ct).ConfigureAwait(false))
            {
                waiting.Add(row);
                lastRead[slice.Index] = Math.Max(lastRead.GetValueOrDefault(slice.Index, -1), row.Second);
            }
        }

        var through = CompleteThrough(slices, lastRead);
        merge(waiting.Where(r => r.Second <= through));
        waiting.RemoveAll(r => r.Second <= through);
        if (through != long.MaxValue)
        {
            Through = Math.Max(Through, through);
        }
        else if (lastRead.Count > 0)
        {
            Through = Math.Max(Through, lastRead.Values.Max());
        }
    }

    /// <summary>
    /// The last second every slice has stored: a finished slice stored all it will, a running or waiting one only what
    /// it has written so far (long.MaxValue when every slice is finished).
    /// </summary>
    internal static long CompleteThrough(IReadOnlyList<SliceRecord> slices, IReadOnlyDictionary<int, long> lastRead) =>
        slices
            .Where(s => !SliceStatus.IsTerminal(s.Status))
            .Select(s => lastRead.GetValueOrDefault(s.Index, -1))
            .DefaultIfEmpty(long.MaxValue)
            .Min();
}
