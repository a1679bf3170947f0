using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner.Slices;

/// <summary>
/// One attempt at one slice, from its claim to its end. Every second it: takes the finished seconds from the recorder
/// into a bounded buffer, announces them on the slice row (heartbeat, FlushedThrough, counts; a conditional update, so a
/// newer attempt or a lost/cancelled status is noticed here), writes them to Intervals, and reads the run row to notice
/// a cancel. Storage outages never fail the slice: seconds stay buffered and every write is retried.
/// </summary>
public sealed partial class SliceAttempt
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);
    /// <summary>
    /// The row is the heartbeat: written on every flush (a little under the flush period, so timer jitter never skips
    /// one). The watchdog hands a slice that missed its heartbeats for the heartbeat timeout to another runner.
    /// </summary>
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(900);

    /// <summary>
    /// Seconds announced beyond the current one. A takeover resumes after the announced second; a stop on shutdown
    /// announces exactly what it stored instead.
    /// </summary>
    private const long AnnounceAhead = 1;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>On SIGTERM the slice stops, flushes and releases its message within this budget.</summary>
    private static readonly TimeSpan ShutdownFlushBudget = TimeSpan.FromSeconds(1.5);

    private readonly PipelineStore store;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SliceMessage message;
    private readonly DateTimeOffset startAt;
    private readonly Plan plan;
    private readonly SliceRow row;
    private readonly PendingSeconds pending;
    private readonly long baseRequests;
    private readonly long baseFailures;
    private long measuredRequests;
    private long measuredFailures;
    private long announcedThrough;
    private long lastStored;
    private DateTimeOffset lastHeartbeat = DateTimeOffset.MinValue;

    /// <param name="startAt">The run's common start, as its row names it once the start barrier opened.</param>
    public SliceAttempt(PipelineStore store, PipelineSettings settings, TimeProvider time, ILogger logger, SliceMessage message, Plan plan, SliceRecord claimed, DateTimeOffset startAt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(claimed);
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.message = message;
        this.startAt = startAt;
        this.plan = plan;
        row = new SliceRow(store, claimed);
        pending = new PendingSeconds(settings.MaxBufferedSeconds);
        baseRequests = claimed.Requests;
        baseFailures = claimed.Failures;
        ResumeFrom = claimed.ResumeFrom;
        announcedThrough = ResumeFrom - 1;
        lastStored = ResumeFrom - 1;
    }

    private enum Stop
    {
        Finished,
        Cancelled,
        Failed,
        Superseded,
        Ended,
        Shutdown,
    }

    /// <summary>The first second of the run's timeline this attempt owns.</summary>
    public long ResumeFrom { get; }

    /// <summary>
    /// Runs the attempt to its end. Throws <see cref="OperationCanceledException"/> when <paramref name="hostStopping"/>
    /// stopped it (after flushing what it measured), so the queue listener releases the message at once.
    /// </summary>
    public async Task RunAsync(CancellationToken hostStopping)
    {
        var recorder = new SliceRecorder(startAt, time)
        {
            Scrubber = Secrets.SecretScrubber.For(plan),
            Screenshots = new Engine.Browser.ScreenshotShelf(
                $"slice-{message.Index}-attempt-{row.Attempt}",
                (name, png, ct) => store.StageArtifactAsync(message.RunId, name, png, "image/png", ct)),
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        var execution = ExecuteAsync(recorder, stop.Token);
        Stop? reason = null;
        string? error = null;
        while (reason is null && !execution.IsCompleted)
        {
            await Task.WhenAny(execution, Task.Delay(FlushPeriod, time, stop.Token)).ConfigureAwait(false);
            try
            {
                reason = await TickAsync(recorder, hostStopping).ConfigureAwait(false);
                (reason, error) = reason is null ? await CancelRequestedAsync(hostStopping).ConfigureAwait(false) : (reason, null);
            }
            catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
            {
                reason = Stop.Shutdown;
            }
        }

        if (reason is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await execution.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Slice {Index} of {RunId} failed.", message.Index, message.RunId);
            (reason, error) = (Stop.Failed, e.Message);
        }

        if (hostStopping.IsCancellationRequested && reason is not (Stop.Superseded or Stop.Ended))
        {
            reason = Stop.Shutdown;
        }

        Take(recorder.TakeAll(message.RunId, message.Index, row.Attempt));
        await EndAsync(reason ?? Stop.Finished, error, hostStopping).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(SliceRecorder recorder, CancellationToken ct)
    {
        if (ResumeFrom >= Math.Ceiling(plan.TotalDuration.TotalSeconds))
        {
            // Taken (or taken over) after the timeline ended: nothing is left to run, and no empty rows are written.
            logger.LogWarning("Slice {Index} of {RunId}: attempt {Attempt} starts at second {Second}, after the plan's end; nothing left to run.", message.Index, message.RunId, row.Attempt, ResumeFrom);
            return;
        }

        // A takeover starts at a second no earlier attempt wrote: wait for its beginning (at most about a second).
        var resumeAt = startAt + TimeSpan.FromSeconds(ResumeFrom);
        for (var wait = resumeAt - time.GetUtcNow(); ResumeFrom > 0 && wait > TimeSpan.Zero; wait = resumeAt - time.GetUtcNow())
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }

        // The attempt's part of the timeline starts at ResumeFrom: what was planned before it is not sent again, late.
        await SliceExecution.RunAsync(new SliceContext(plan, message.Index, message.Count, startAt, recorder, time) { ResumeAt = startAt + TimeSpan.FromSeconds(ResumeFrom) }, ct).ConfigureAwait(false);
    }

    private async Task<Stop?> TickAsync(SliceRecorder recorder, CancellationToken ct)
    {
        var elapsed = time.GetUtcNow() - startAt;
        var currentSecond = elapsed <= TimeSpan.Zero ? 0 : elapsed.Ticks / TimeSpan.TicksPerSecond;
        Take(recorder.TakeCompleted(currentSecond, message.RunId, message.Index, row.Attempt));
        return await FlushAsync(ct).ConfigureAwait(false) switch
        {
            RowWrite.Superseded => Stop.Superseded,
            RowWrite.Ended => Stop.Ended,
            _ => null,
        };
    }

    /// <summary>A cheap point read of the run row: a cancel, or a run that ended another way, stops the slice.</summary>
    private async Task<(Stop?, string?)> CancelRequestedAsync(CancellationToken ct)
    {
        RunRecord? run;
        try
        {
            run = await store.GetRunAsync(message.RunId, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e, ct))
        {
            return (null, null);
        }

        if (run is null || RunStatus.IsFinal(run.Status))
        {
            return (Stop.Cancelled, $"the run ended ({run?.Status ?? "deleted"}) before the slice finished");
        }

        return run.CancelRequestedAt is not null ? (Stop.Cancelled, null) : (null, null);
    }

    private void Take(IReadOnlyList<SliceSecond> seconds)
    {
        foreach (var second in seconds)
        {
            measuredRequests += second.TotalRequests;
            measuredFailures += second.Requests.Values.Sum(r => r.Failures);
        }

        // The engine records nothing before the attempt starts; the filter keeps the ownership rule explicit.
        pending.Add(seconds.Where(s => s.Second >= ResumeFrom));
    }

    /// <summary>
    /// Announces the buffered seconds on the slice row, then writes them. The announcement comes first: a takeover reads
    /// FlushedThrough and resumes after it, so it never writes a second this attempt may be writing. The row is also the
    /// heartbeat (every few seconds) and where a newer attempt or a lost/cancelled status is noticed (its ETag changed).
    /// </summary>
    private async Task<RowWrite> FlushAsync(CancellationToken ct) => await FlushAsync(exact: false, ct).ConfigureAwait(false);

    private async Task<RowWrite> FlushAsync(bool exact, CancellationToken ct)
    {
        var batch = pending.Snapshot();
        var now = time.GetUtcNow();
        var beyondAnnounced = batch.Count > 0 && batch[^1].Second > announcedThrough;
        if (exact || beyondAnnounced || now - lastHeartbeat >= HeartbeatPeriod)
        {
            var elapsed = now - startAt;
            var currentSecond = elapsed <= TimeSpan.Zero ? 0 : elapsed.Ticks / TimeSpan.TicksPerSecond;
            var through = exact
                ? Math.Max(batch.Count > 0 ? batch[^1].Second : lastStored, ResumeFrom - 1)
                : Math.Max(announcedThrough, Math.Max(currentSecond + AnnounceAhead, batch.Count > 0 ? batch[^1].Second : -1));
            var announced = await row.TryWriteAsync(
                r =>
                {
                    r.Heartbeat = now;
                    r.Requests = baseRequests + measuredRequests;
                    r.Failures = baseFailures + measuredFailures;
                    r.FlushedThrough = exact ? through : Math.Max(r.FlushedThrough ?? -1, through);
                    if (exact)
                    {
                        // Released for shutdown: the next runner to receive the message takes the slice over at once.
                        r.Runner = null;
                    }
                },
                ct).ConfigureAwait(false);
            if (announced != RowWrite.Stored)
            {
                return announced;
            }

            announcedThrough = through;
            lastHeartbeat = now;
        }

        if (batch.Count == 0)
        {
            return RowWrite.Stored;
        }

        try
        {
            await store.WriteSecondsAsync(batch, ct).ConfigureAwait(false);
            pending.RemoveThrough(batch[^1].Second);
            lastStored = Math.Max(lastStored, batch[^1].Second);
            return RowWrite.Stored;
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e, ct))
        {
            logger.LogWarning("Slice {Index} of {RunId}: storing {Count} second(s) failed ({Error}); keeping them buffered.", message.Index, message.RunId, batch.Count, e.Message);
            return RowWrite.Unavailable;
        }
    }
}
