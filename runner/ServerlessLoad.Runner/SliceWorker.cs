using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Slices;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Telemetry;
using ServerlessLoad.Storage.Triggers;

namespace ServerlessLoad.Runner;

/// <summary>
/// Executes one slice message: claims the slice row through its ETag (a duplicate message for a slice a live runner
/// holds is dropped; a redelivery of the holder's own message, or a holder that missed its heartbeats, is taken over as
/// the next attempt), then runs a <see cref="SliceAttempt"/>: the seconds still to come, streamed to Intervals, with
/// heartbeats, cancel polling and buffering through storage outages. The queue listener deletes the message only after
/// this returns, i.e. after the results are stored; on shutdown this throws so the message is released at once.
/// </summary>
/// <remarks>
/// Seconds and attempts: attempt k writes only the seconds from its ResumeFrom (its claim second, and after every
/// second an earlier attempt announced) up to the next attempt's ResumeFrom. Rows are keyed by second, so no second
/// is ever written by two attempts and nothing is counted twice; the seconds between a killed attempt's last flush and
/// its successor's start are simply missing, and the report lists them.
/// </remarks>
public sealed class SliceWorker(PipelineStore store, PipelineSettings settings, TimeProvider time, ILogger<SliceWorker> logger)
{
    private const int ClaimConflictRetries = 10;

    /// <summary>A runner that reads the start this little after it passed still runs the first second (its first arrivals a little late).</summary>
    private static readonly TimeSpan LateGrace = TimeSpan.FromMilliseconds(200);

    public string RunnerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// Reads a small plan once, off the load's threads: a runner compiles each method fully on first use, and the plan
    /// reader would otherwise be compiled while the first slice is being claimed, seconds before its start.
    /// </summary>
    public static void WarmUp() => PlanParser.Parse("""
        name: warm-up
        target: http://127.0.0.1:1
        scenarios:
          - name: s
            executor: constant-arrival-rate
            rate: 1
            duration: 1s
            preAllocatedVUs: 1
            requests: [{ name: r, path: /, headers: { a: b } }]
        thresholds: [failures.rate < 1%]
        """);

    public async Task RunAsync(SliceMessage message, Delivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);

        // The slice's span continues the run's trace; the slice event sent when it ends carries it on to CollectSlice.
        using var span = PipelineTelemetry.StartConsumer("Slice", message.TraceParent, message.RunId)
            ?.SetTag("sload.slice", message.Index).SetTag("sload.slice_count", message.Count).SetTag("sload.runner", RunnerId);
        var started = time.GetTimestamp();
        try
        {
            await HandleAsync(message, delivery, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            PipelineTelemetry.Fail(span, e);
            throw;
        }
        finally
        {
            PipelineTelemetry.StageDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("stage", "slice"));
        }
    }

    private async Task HandleAsync(SliceMessage message, Delivery delivery, CancellationToken ct)
    {
        var run = await store.GetRunAsync(message.RunId, ct).ConfigureAwait(false);
        if (run is null || RunStatus.IsFinal(run.Status))
        {
            logger.LogInformation("Slice {Index} of {RunId}: run is gone or finished; dropping the message.", message.Index, message.RunId);
            return;
        }

        if (run.CancelRequestedAt is not null || run.Status == RunStatus.Reporting)
        {
            await CancelUnstartedAsync(message, delivery, ct).ConfigureAwait(false);
            return;
        }

        var planText = await store.GetPlanAsync(message.RunId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The plan of run {message.RunId} is missing.");
        var plan = PlanParser.Parse(planText).Plan
            ?? throw new InvalidOperationException($"The stored plan of run {message.RunId} is invalid.");
        plan = ResolveSecrets(plan);

        // Ready means warmed up: the engine compiled and exercised, storage reached, the plan read. Only then is the
        // slice claimed, so a claimed and heartbeating slice is one the start barrier may count as ready.
        await EngineWarmUp.EnsureAsync().ConfigureAwait(false);
        var slice = await ClaimAsync(message, delivery, run.StartAt, ct).ConfigureAwait(false);
        if (slice is null)
        {
            return;
        }

        var row = new SliceRow(store, slice);
        var waited = await new StartWait(store, time, logger).WaitAsync(row, message.Count, ct).ConfigureAwait(false);
        if (waited.Outcome == StartWaitOutcome.Cancelled)
        {
            // This attempt holds the row (claimed and heartbeating), so it ends the slice itself: the check for a live
            // holder in CancelUnstartedAsync would find this very runner and leave the slice running.
            await EndCancelledAtBarrierAsync(row, ct).ConfigureAwait(false);
            return;
        }

        if (waited.Outcome == StartWaitOutcome.Superseded)
        {
            logger.LogWarning("Slice {Index} of {RunId}: taken over or ended while waiting for the run's start.", message.Index, message.RunId);
            return;
        }

        var startAt = waited.StartAt;
        if (run.StartAt is null)
        {
            // Claimed before the start was known: a runner that learns it late resumes at the next whole second (the seconds
            // before it are reported as started late), never sending the first seconds' load late.
            var now = time.GetUtcNow();
            var resumeFrom = SliceClaims.ResumeFrom(row.Current, startAt, now - startAt <= LateGrace ? startAt : now);
            if (resumeFrom != row.Current.ResumeFrom && await row.TryWriteAsync(r => r.ResumeFrom = resumeFrom, ct).ConfigureAwait(false) is RowWrite.Superseded or RowWrite.Ended)
            {
                return;
            }
        }

        logger.LogInformation(
            "Slice {Index}/{Count} of {RunId} (attempt {Attempt}) on {Runner}: timeline starts at {StartAt:O}, this attempt from second {ResumeFrom}.",
            message.Index, message.Count, message.RunId, row.Current.Attempt, RunnerId, startAt, row.Current.ResumeFrom);
        await new SliceAttempt(store, settings, time, logger, message, plan, row.Current, startAt).RunAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The plan with its secret references filled in from this runner's settings; a missing one fails the slice at once.</summary>
    private Plan ResolveSecrets(Plan plan)
    {
        try
        {
            return Secrets.PlanSecrets.Resolve(plan, settings.Secrets);
        }
        catch (Exception e) when (e is Secrets.MissingSecretsException or InvalidOperationException)
        {
            // Every delivery would fail the same way: straight to the poison queue, which fails the slice with this reason.
            throw new UndecodableMessageException(e.Message, e);
        }
    }

    /// <summary>Returns the claimed row, or null when the message is a duplicate or the slice is finished.</summary>
    private async Task<SliceRecord?> ClaimAsync(SliceMessage message, Delivery delivery, DateTimeOffset? startAt, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ClaimConflictRetries; attempt++)
        {
            var slice = await store.GetSliceAsync(message.RunId, message.Index, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Slice {message.Index} of run {message.RunId} has no row yet.");
            var now = time.GetUtcNow();
            var decision = SliceClaims.Decide(slice, delivery.MessageId, now, settings.HeartbeatTimeout);
            switch (decision)
            {
                case ClaimDecision.DropFinished:
                    logger.LogInformation("Slice {Index} of {RunId} is already {Status}; dropping the message.", message.Index, message.RunId, slice.Status);
                    return null;
                case ClaimDecision.DropDuplicate:
                    logger.LogInformation("Slice {Index} of {RunId} is running on {Runner}; dropping a duplicate message.", message.Index, message.RunId, slice.Runner);
                    return null;
                case ClaimDecision.TakeOver:
                    logger.LogWarning(
                        "Slice {Index} of {RunId}: attempt {Attempt} on {Runner} went silent (last heartbeat {Heartbeat:O}); taking over.",
                        message.Index, message.RunId, slice.Attempt, slice.Runner, slice.Heartbeat);
                    break;
            }

            // Before the start is known the attempt owns the timeline from its beginning (or after what an earlier attempt announced).
            slice.ResumeFrom = SliceClaims.ResumeFrom(slice, startAt ?? now, now);
            slice.Status = SliceStatus.Running;
            slice.Attempt += 1;
            slice.Runner = RunnerId;
            slice.MessageId = delivery.MessageId;
            slice.Heartbeat = now;
            slice.StartedAt ??= now;
            slice.Error = null;
            if (await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false))
            {
                return slice;
            }
        }

        throw new InvalidOperationException($"Could not claim slice {message.Index} of run {message.RunId}.");
    }

    /// <summary>The run was cancelled while this attempt waited at the barrier: the slice ends cancelled, having sent nothing.</summary>
    private async Task EndCancelledAtBarrierAsync(SliceRow row, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await row.TryWriteAsync(r => (r.Status, r.EndedAt) = (SliceStatus.Cancelled, now), ct).ConfigureAwait(false) != RowWrite.Stored)
        {
            return;
        }

        var slice = row.Current;
        await store.SendAsync(
            store.QueueNames.SliceEvents,
            new SliceEventMessage(slice.RunId, slice.Index, slice.Attempt, SliceStatus.Cancelled, slice.Requests, slice.Failures),
            null,
            ct).ConfigureAwait(false);
        logger.LogInformation("Slice {Index} of {RunId}: cancelled at the start barrier.", slice.Index, slice.RunId);
    }

    /// <summary>
    /// The run was cancelled before this slice started (or finished without it): end the slice as cancelled, without
    /// running it, unless a live runner holds it (that runner notices the cancel and stops on its own).
    /// </summary>
    private async Task CancelUnstartedAsync(SliceMessage message, Delivery delivery, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ClaimConflictRetries; attempt++)
        {
            var slice = await store.GetSliceAsync(message.RunId, message.Index, ct).ConfigureAwait(false);
            if (slice is null || SliceClaims.Decide(slice, delivery.MessageId, time.GetUtcNow(), settings.HeartbeatTimeout) is ClaimDecision.DropFinished or ClaimDecision.DropDuplicate)
            {
                return;
            }

            slice.Status = SliceStatus.Cancelled;
            slice.EndedAt = time.GetUtcNow();
            if (await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false))
            {
                await store.SendAsync(
                    store.QueueNames.SliceEvents,
                    new SliceEventMessage(slice.RunId, slice.Index, slice.Attempt, SliceStatus.Cancelled, slice.Requests, slice.Failures),
                    null,
                    ct).ConfigureAwait(false);
                logger.LogInformation("Slice {Index} of {RunId}: cancelled before it started.", message.Index, message.RunId);
                return;
            }
        }
    }
}
