using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.AbortOnFail;

/// <summary>
/// What one running run has stored so far, merged incrementally: each scan reads only the rows after the last second
/// read per slice, and merges a second once every slice still running has stored it (a slice writes a row for every
/// second from its first activity, in order), so the merged results are always a complete prefix of the run.
/// </summary>
internal sealed class RunProgress(AbortWatch watch)
{
    private readonly Dictionary<int, long> lastRead = [];
    private readonly List<SliceSecond> waiting = [];

    /// <summary>Reads the slices' new rows and merges the seconds every slice has stored.</summary>
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

        // A finished slice stored all it will; a running or waiting one only what it has written so far.
        var through = slices
            .Where(s => !SliceStatus.IsTerminal(s.Status))
            .Select(s => lastRead.GetValueOrDefault(s.Index, -1))
            .DefaultIfEmpty(long.MaxValue)
            .Min();
        watch.Add(waiting.Where(r => r.Second <= through));
        waiting.RemoveAll(r => r.Second <= through);
    }

    /// <summary>The first abortOnFail threshold the merged seconds so far violate, else null.</summary>
    public RunAbort? Check(TimeSpan elapsed) => watch.Check(elapsed);
}
