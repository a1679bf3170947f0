using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>The merged stage: every slice's rows read and merged into the report model, the run's heaviest work.</summary>
public sealed partial class BuildReportFunction
{
    /// <summary>Slices read concurrently while earlier ones merge: the store answers several queries at once.</summary>
    private const int SlicesReadAhead = 4;

    private async Task<(RunReport Report, LatencyHistogram Latency)> MergeAsync(RunRecord run, Plan plan, CancellationToken ct)
    {
        var slices = await store.GetSlicesAsync(run.RunId, ct).ConfigureAwait(false);
        // Per-second latency per results key is kept only where a threshold judges it second by second.
        var builder = new Aggregation.MergeBuilder(SecondLatencyKeys.For(plan));
        var started = time.GetTimestamp();
        var (rows, merging) = await ReadAndMergeAsync(run, builder, ct).ConfigureAwait(false);
        logger.LogInformation(
            "Run {RunId}: read and merged {Rows} rows of {Slices} slices in {Milliseconds} ms ({MergeMs} ms of it merging).",
            run.RunId,
            rows,
            run.SliceCount,
            (long)time.GetElapsedTime(started).TotalMilliseconds,
            (long)merging.TotalMilliseconds);
        var merged = builder.Build();
        return (ReportBuilder.Build(RunFactsFrom(run, plan, slices), merged), merged.Totals.Latency);
    }

    /// <summary>
    /// Reads a few slices ahead while merging in slice order (the order keeps the kept failure samples deterministic);
    /// at most <see cref="SlicesReadAhead"/> slices' rows, still encoded, are in memory at once.
    /// </summary>
    private async Task<(int Rows, TimeSpan Merging)> ReadAndMergeAsync(RunRecord run, Aggregation.MergeBuilder builder, CancellationToken ct)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pending = new Queue<Task<IReadOnlyList<EncodedSliceSecond>>>();
        var next = 0;
        var rows = 0;
        TimeSpan merging = default;
        try
        {
            for (; next < run.SliceCount && pending.Count < SlicesReadAhead; next++)
            {
                pending.Enqueue(store.ReadEncodedSecondsAsync(run.RunId, next, reading.Token));
            }

            while (pending.TryDequeue(out var read))
            {
                var slice = await read.ConfigureAwait(false);
                if (next < run.SliceCount)
                {
                    pending.Enqueue(store.ReadEncodedSecondsAsync(run.RunId, next++, reading.Token));
                }

                var started = time.GetTimestamp();
                builder.AddSlice(slice);
                merging += time.GetElapsedTime(started);
                rows += slice.Count;
            }
        }
        catch
        {
            await reading.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pending).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        return (rows, merging);
    }
}
