using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Reports;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.CancelRun;

public enum CancelOutcome
{
    /// <summary>The cancel is recorded (or was already): the run finishes as cancelled, with a report of what ran.</summary>
    Accepted,
    NotFound,

    /// <summary>The run is final, or finished measuring on its own and is being reported.</summary>
    AlreadyFinished,
}

/// <param name="Recorded">Whether this call recorded the cancel (false when it was already recorded, or refused).</param>
public sealed record CancelResult(CancelOutcome Outcome, RunRecord? Run, bool Recorded = false);

/// <summary>
/// Cancels a run. The run row gets CancelRequestedAt (a conditional update), which runners read every second: they stop
/// generating, store what they measured and end their slices as cancelled, and the run goes through CollectSlice and
/// BuildReport as usual, to verdict cancelled. A run not yet running (queued, planning) goes straight to reporting, so it
/// finishes without any runner; slices still waiting in the queue are cancelled here, so nobody has to pick them up.
/// Repeating a cancel changes nothing.
/// </summary>
public sealed class CancelRunFunction(PipelineStore store, TimeProvider time, ILogger<CancelRunFunction> logger)
{
    public Task<CancelResult> CancelAsync(string runId, CancellationToken ct) => CancelAsync(runId, null, ct);

    /// <summary>
    /// Cancels a run because an abortOnFail threshold failed: the reason is recorded in the same conditional update as
    /// the cancel, so with several hosts judging the same run exactly one abort is recorded, and a run already cancelled
    /// (by a person or an earlier abort) keeps its first reason. The report then judges the run failed, not cancelled.
    /// </summary>
    public Task<CancelResult> AbortAsync(string runId, RunAbort abort, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(abort);
        return CancelAsync(
            runId,
            r =>
            {
                r.AbortedBy = abort.Threshold;
                r.AbortedAtSecond = abort.Second;
                r.AbortReason = abort.Reason;
            },
            ct);
    }

    private async Task<CancelResult> CancelAsync(string runId, Action<RunRecord>? alsoRecord, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (run, changed) = await store.UpdateRunAsync(
            runId,
            r =>
            {
                if (IsPastCancelling(r) || r.CancelRequestedAt is not null)
                {
                    return false;
                }

                r.CancelRequestedAt = now;
                alsoRecord?.Invoke(r);
                if (r.Status is RunStatus.Queued or RunStatus.Planning)
                {
                    r.Status = RunStatus.Reporting;
                    r.EndedAt ??= now;
                }

                return true;
            },
            ct).ConfigureAwait(false);

        if (run is null)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }

        if (IsPastCancelling(run))
        {
            return new CancelResult(CancelOutcome.AlreadyFinished, run);
        }

        if (changed && run.Status == RunStatus.Reporting)
        {
            await store.SendAsync(store.QueueNames.Reports, new ReportMessage(run.RunId), null, ct).ConfigureAwait(false);
            logger.LogInformation("Run {RunId} cancelled before it ran; report requested.", run.RunId);
        }
        else if (run.Status == RunStatus.Running)
        {
            await CancelWaitingSlicesAsync(run.RunId, now, ct).ConfigureAwait(false);
            logger.LogInformation("Run {RunId}: cancel requested{Reason}; runners stop within a second or two.", run.RunId, run.AbortReason is { } reason && changed ? $" ({reason})" : "");
        }

        return new CancelResult(CancelOutcome.Accepted, run, changed);
    }

    private static bool IsPastCancelling(RunRecord run) =>
        RunStatus.IsFinal(run.Status) || (run.Status == RunStatus.Reporting && run.CancelRequestedAt is null);

    /// <summary>Slices no runner claimed yet end here; a runner that claims one meanwhile wins the ETag race and stops itself.</summary>
    private async Task CancelWaitingSlicesAsync(string runId, DateTimeOffset now, CancellationToken ct)
    {
        SliceRecord? last = null;
        foreach (var slice in await store.GetSlicesAsync(runId, ct).ConfigureAwait(false))
        {
            if (slice.Status != SliceStatus.Pending)
            {
                continue;
            }

            slice.Status = SliceStatus.Cancelled;
            slice.EndedAt = now;
            if (await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false))
            {
                last = slice;
            }
        }

        // CollectSlice recounts every slice row, so one event covers all slices cancelled here.
        if (last is not null)
        {
            await store.SendAsync(
                store.QueueNames.SliceEvents,
                new SliceEventMessage(runId, last.Index, last.Attempt, SliceStatus.Cancelled, last.Requests, last.Failures),
                null,
                ct).ConfigureAwait(false);
        }
    }
}
