using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner;

/// <summary>
/// Executes one slice message: claims the slice row (a duplicate message for a slice another runner is actively running
/// is dropped), waits for the run's common start, runs this slice's share of the plan, streams per-second rows to the
/// Intervals table, heartbeats the slice row with its counts, then marks it completed and reports on slice-events.
/// The queue listener deletes the message only after this returns, i.e. after the results are stored.
/// </summary>
public sealed class SliceWorker(PipelineStore store, PipelineSettings settings, TimeProvider time, ILogger<SliceWorker> logger)
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(3);

    public string RunnerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task RunAsync(SliceMessage message, Delivery delivery, CancellationToken ct)
    {
        var run = await store.GetRunAsync(message.RunId, ct).ConfigureAwait(false);
        if (run is null || RunStatus.IsFinal(run.Status))
        {
            logger.LogInformation("Slice {Index} of {RunId}: run is gone or finished; dropping the message.", message.Index, message.RunId);
            return;
        }

        var slice = await ClaimAsync(message, ct).ConfigureAwait(false);
        if (slice is null)
        {
            return;
        }

        var planText = await store.GetPlanAsync(message.RunId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The plan of run {message.RunId} is missing.");
        var plan = PlanParser.Parse(planText).Plan
            ?? throw new InvalidOperationException($"The stored plan of run {message.RunId} is invalid.");

        logger.LogInformation("Slice {Index}/{Count} of {RunId} (attempt {Attempt}) starts at {StartAt:O}.", message.Index, message.Count, message.RunId, slice.Attempt, message.StartAt);
        var recorder = new SliceRecorder(message.StartAt, time);
        try
        {
            await RunAndStreamAsync(plan, message, slice, recorder, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A broken slice fails for good (its row is terminal), so the run can still finish, as errored.
            logger.LogError(e, "Slice {Index} of {RunId} failed.", message.Index, message.RunId);
            await FinishAsync(slice, SliceStatus.Failed, e.Message, ct).ConfigureAwait(false);
            return;
        }

        await FinishAsync(slice, SliceStatus.Completed, null, ct).ConfigureAwait(false);
    }

    private async Task RunAndStreamAsync(Plan plan, SliceMessage message, SliceRecord slice, SliceRecorder recorder, CancellationToken ct)
    {
        var execution = SliceExecution.RunAsync(plan, message.Index, message.Count, message.StartAt, recorder, time, ct);
        var lastHeartbeat = time.GetUtcNow();
        while (!execution.IsCompleted)
        {
            await Task.WhenAny(execution, Task.Delay(FlushPeriod, time, ct)).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var currentSecond = (long)Math.Floor((now - message.StartAt).TotalSeconds);
            await WriteAsync(recorder.TakeCompleted(currentSecond, message.RunId, message.Index, slice.Attempt), slice, ct).ConfigureAwait(false);
            if (now - lastHeartbeat >= HeartbeatPeriod)
            {
                lastHeartbeat = now;
                slice.Heartbeat = now;
                await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false);
            }
        }

        await execution.ConfigureAwait(false);
        await WriteAsync(recorder.TakeAll(message.RunId, message.Index, slice.Attempt), slice, ct).ConfigureAwait(false);
    }

    private async Task WriteAsync(IReadOnlyList<Core.Results.SliceSecond> seconds, SliceRecord slice, CancellationToken ct)
    {
        if (seconds.Count == 0)
        {
            return;
        }

        await store.WriteSecondsAsync(seconds, ct).ConfigureAwait(false);
        slice.Requests += seconds.Sum(s => s.TotalRequests);
        slice.Failures += seconds.Sum(s => s.Requests.Values.Sum(r => r.Failures));
    }

    /// <summary>
    /// Takes the slice through its row's ETag. Returns null when the slice is already finished, or another runner holds it
    /// with a fresh heartbeat (this message is then a duplicate).
    /// </summary>
    private async Task<SliceRecord?> ClaimAsync(SliceMessage message, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var slice = await store.GetSliceAsync(message.RunId, message.Index, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Slice {message.Index} of run {message.RunId} has no row yet.");
            if (SliceStatus.IsTerminal(slice.Status))
            {
                return null;
            }

            var now = time.GetUtcNow();
            if (slice.Status == SliceStatus.Running && slice.Runner != RunnerId && slice.Heartbeat > now - (2 * settings.VisibilityTimeout))
            {
                logger.LogInformation("Slice {Index} of {RunId} is running on {Runner}; dropping a duplicate message.", message.Index, message.RunId, slice.Runner);
                return null;
            }

            slice.Status = SliceStatus.Running;
            slice.Attempt += 1;
            slice.Runner = RunnerId;
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

    private async Task FinishAsync(SliceRecord slice, string status, string? error, CancellationToken ct)
    {
        slice.Status = status;
        slice.Error = error;
        slice.EndedAt = time.GetUtcNow();
        slice.Heartbeat = slice.EndedAt;
        if (!await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false))
        {
            // Someone else changed the row (a takeover); re-read and record our outcome on the latest version.
            var latest = await store.GetSliceAsync(slice.RunId, slice.Index, ct).ConfigureAwait(false);
            if (latest is not null && !SliceStatus.IsTerminal(latest.Status))
            {
                latest.Status = status;
                latest.Error = error;
                latest.EndedAt = slice.EndedAt;
                latest.Requests = slice.Requests;
                latest.Failures = slice.Failures;
                await store.TryUpdateSliceAsync(latest, ct).ConfigureAwait(false);
            }
        }

        await store.SendAsync(
            store.QueueNames.SliceEvents,
            new SliceEventMessage(slice.RunId, slice.Index, slice.Attempt, status, slice.Requests, slice.Failures, error),
            null,
            ct).ConfigureAwait(false);
        logger.LogInformation("Slice {Index} of {RunId}: {Status}, {Requests} requests.", slice.Index, slice.RunId, status, slice.Requests);
    }
}
