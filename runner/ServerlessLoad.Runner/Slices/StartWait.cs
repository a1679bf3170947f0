using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner.Slices;

/// <summary>How a wait at the start barrier ended.</summary>
public enum StartWaitOutcome
{
    /// <summary>The run's row names its common start.</summary>
    Started,

    /// <summary>The run was cancelled, finished or deleted before it started.</summary>
    Cancelled,

    /// <summary>A newer attempt holds the slice, or someone ended it: this attempt stops without touching it.</summary>
    Superseded,
}

public sealed record StartWaitResult(StartWaitOutcome Outcome, DateTimeOffset StartAt = default);

/// <summary>
/// A claimed slice waiting at its run's start barrier. Every <see cref="StartTiming.PollPeriod"/> it reads the run's
/// row until the row names the start (the barrier sets it once every slice is ready, always a margin ahead), and about
/// every second it writes the slice row's heartbeat, which is what makes the slice count as ready and keeps the watchdog
/// from handing it over. Storage outages are waited out; a takeover or an ended slice is noticed through the row's ETag.
/// </summary>
public sealed class StartWait(PipelineStore store, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(900);

    public async Task<StartWaitResult> WaitAsync(SliceRow row, int sliceCount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        var runId = row.Current.RunId;
        var poll = StartTiming.PollPeriod(sliceCount);
        var lastBeat = time.GetUtcNow();
        while (true)
        {
            try
            {
                var run = await store.GetRunAsync(runId, ct).ConfigureAwait(false);
                if (run is null || RunStatus.IsFinal(run.Status) || run.Status == RunStatus.Reporting || run.CancelRequestedAt is not null)
                {
                    return new StartWaitResult(StartWaitOutcome.Cancelled);
                }

                if (run.StartAt is { } startAt)
                {
                    return new StartWaitResult(StartWaitOutcome.Started, startAt);
                }
            }
            catch (Exception e) when (StorageFailure.IsUnavailable(e, ct))
            {
                logger.LogWarning("Slice {Index} of {RunId}: reading the run for its start failed ({Error}); retrying.", row.Current.Index, runId, e.Message);
            }

            var now = time.GetUtcNow();
            if (now - lastBeat >= HeartbeatPeriod)
            {
                switch (await row.TryWriteAsync(r => r.Heartbeat = now, ct).ConfigureAwait(false))
                {
                    case RowWrite.Stored:
                        lastBeat = now;
                        break;
                    case RowWrite.Superseded or RowWrite.Ended:
                        return new StartWaitResult(StartWaitOutcome.Superseded);
                }
            }

            await Task.Delay(poll, time, ct).ConfigureAwait(false);
        }
    }
}
