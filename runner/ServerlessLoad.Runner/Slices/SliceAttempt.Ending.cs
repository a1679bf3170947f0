using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage;

namespace ServerlessLoad.Runner.Slices;

/// <summary>How an attempt ends: finished, cancelled or failed (stored and reported), superseded, ended elsewhere, or stopped for shutdown.</summary>
public sealed partial class SliceAttempt
{
    private async Task EndAsync(Stop reason, string? error, CancellationToken hostStopping)
    {
        switch (reason)
        {
            case Stop.Superseded:
                await HandOverAsync().ConfigureAwait(false);
                return;
            case Stop.Ended:
                logger.LogWarning(
                    "Slice {Index} of {RunId} was ended elsewhere ({Status}); attempt {Attempt} stops and drops {Count} unstored second(s).",
                    message.Index, message.RunId, row.Newer?.Status, row.Attempt, pending.Count);
                return;
            case Stop.Shutdown:
                await FlushBeforeShutdownAsync().ConfigureAwait(false);
                throw new OperationCanceledException("The runner is shutting down; the slice continues elsewhere.", hostStopping);
        }

        var status = reason switch
        {
            Stop.Failed => SliceStatus.Failed,
            Stop.Cancelled => SliceStatus.Cancelled,
            _ => SliceStatus.Completed,
        };
        try
        {
            if (!await RetryAsync(FlushAsync, hostStopping).ConfigureAwait(false))
            {
                return;
            }

            var note = pending.DroppedSeconds > 0
                ? $"{pending.DroppedSeconds} second(s) with {pending.DroppedRequests} request(s) were dropped: storage was unreachable for longer than the runner's buffer holds"
                : null;
            var finalError = string.Join("; ", new[] { error, note }.Where(e => e is not null));
            var ended = time.GetUtcNow();
            if (!await RetryAsync(
                    ct => row.TryWriteAsync(
                        r =>
                        {
                            r.Status = status;
                            r.Error = finalError.Length == 0 ? null : finalError;
                            r.EndedAt = ended;
                            r.Heartbeat = ended;
                            r.Requests = baseRequests + measuredRequests;
                            r.Failures = baseFailures + measuredFailures;
                        },
                        ct),
                    hostStopping).ConfigureAwait(false))
            {
                return;
            }

            var slice = row.Current;
            await RetryAsync(
                async ct =>
                {
                    await store.SendAsync(
                        store.QueueNames.SliceEvents,
                        new SliceEventMessage(slice.RunId, slice.Index, slice.Attempt, status, slice.Requests, slice.Failures, slice.Error),
                        null,
                        ct).ConfigureAwait(false);
                    return RowWrite.Stored;
                },
                hostStopping).ConfigureAwait(false);
            Telemetry.PipelineTelemetry.SlicesFinished.Add(1, new KeyValuePair<string, object?>("status", status));
            logger.LogInformation("Slice {Index} of {RunId}: {Status} (attempt {Attempt}), {Requests} requests.", slice.Index, slice.RunId, status, slice.Attempt, slice.Requests);
        }
        catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
        {
            // Stopped while finishing: the row still says running, the message comes back and the next runner finishes.
            throw new OperationCanceledException("The runner is shutting down; the slice continues elsewhere.", hostStopping);
        }
    }

    /// <summary>
    /// Retries <paramref name="step"/> with backoff while storage is unreachable. False when the slice is no longer this
    /// attempt's (superseded or ended), in which case the caller stops without touching it.
    /// </summary>
    private async Task<bool> RetryAsync(Func<CancellationToken, Task<RowWrite>> step, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            RowWrite result;
            try
            {
                result = await step(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageFailure.IsUnavailable(e, ct))
            {
                logger.LogWarning("Slice {Index} of {RunId}: storage unavailable ({Error}); retrying.", message.Index, message.RunId, e.Message);
                result = RowWrite.Unavailable;
            }

            switch (result)
            {
                case RowWrite.Stored:
                    return true;
                case RowWrite.Superseded:
                    await HandOverAsync().ConfigureAwait(false);
                    return false;
                case RowWrite.Ended:
                    return false;
            }

            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>A newer attempt owns the seconds from its ResumeFrom on; this one stores only what it still owns, once.</summary>
    private async Task HandOverAsync()
    {
        var newer = row.Newer;
        var owned = pending.Snapshot().Where(s => newer is null || s.Second < newer.ResumeFrom).ToList();
        logger.LogWarning(
            "Slice {Index} of {RunId}: attempt {Newer} took over from second {From}; attempt {Attempt} stores its {Count} earlier second(s) and stops.",
            message.Index, message.RunId, newer?.Attempt, newer?.ResumeFrom, row.Attempt, owned.Count);
        if (owned.Count == 0)
        {
            return;
        }

        try
        {
            await store.WriteSecondsAsync(owned, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e, CancellationToken.None))
        {
            logger.LogError("Slice {Index} of {RunId}: {Count} second(s) of attempt {Attempt} could not be stored: {Error}", message.Index, message.RunId, owned.Count, row.Attempt, e.Message);
        }
    }

    /// <summary>SIGTERM: store what was measured, partial last second included, within a short budget.</summary>
    private async Task FlushBeforeShutdownAsync()
    {
        using var budget = new CancellationTokenSource(ShutdownFlushBudget, time);
        try
        {
            var result = await FlushAsync(exact: true, budget.Token).ConfigureAwait(false);
            if (result == RowWrite.Superseded)
            {
                await HandOverAsync().ConfigureAwait(false);
            }

            logger.LogInformation(
                "Slice {Index} of {RunId}: stopping for shutdown; flushed through second {Second} ({Result}), releasing the message.",
                message.Index, message.RunId, row.Current.FlushedThrough, result);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Slice {Index} of {RunId}: could not flush within {Budget} before shutdown; {Count} second(s) lost.", message.Index, message.RunId, ShutdownFlushBudget, pending.Count);
        }
    }
}
