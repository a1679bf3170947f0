using System.Globalization;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Watchdog;

/// <summary>What one scan changed.</summary>
public sealed record WatchdogScan(int LostSlices, int CancelledSlices, int Nudges, int ReportsRequested, int HandedOver = 0, int RunsStarted = 0)
{
    public static WatchdogScan Nothing { get; } = new(0, 0, 0, 0);
}

/// <summary>
/// Keeps runs moving when runners die. A running slice that missed its heartbeats (written every second) for the
/// heartbeat timeout is handed to another runner: its row records the handover (a conditional update, so of several
/// hosts one sends it) and a slice message goes out, which an idle runner claims as the next attempt, from the next
/// whole second; the dead attempt's own message, back when its lease expires, finds a live attempt and is dropped. A
/// slice silent for two leases that nobody took over is marked lost (a runner that comes back finds the row changed
/// and stops, it cannot flip it back) and a slice event lets CollectSlice finish the run, which errors because a slice
/// did not complete. Slices of a cancelled run that no runner claimed are cancelled; a run whose slices are all
/// finished but which missed its event is nudged; a run stuck in reporting gets its report requested again. A run
/// waiting at its start barrier gets its common start once its slices are ready (<see cref="StartBarrier"/>), from the
/// same read of its slice rows.
/// </summary>
public sealed class RunWatchdog(PipelineStore store, PipelineSettings settings, TimeProvider time, ILogger<RunWatchdog> logger)
{
    private readonly Dictionary<string, DateTimeOffset> reportRequested = new(StringComparer.Ordinal);

    /// <summary>
    /// Since when storage answered every scan. Heartbeats could not be written while storage was down either, so silence
    /// is only counted from here: an outage never makes live slices look lost.
    /// </summary>
    private DateTimeOffset? reachableSince;

    private TimeSpan ReportingPatience => 4 * settings.VisibilityTimeout;

    public async Task<WatchdogScan> ScanAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<RunRecord> runs;
        try
        {
            runs = await store.ListRunsInStatusAsync([RunStatus.Running, RunStatus.Reporting], ct).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e, ct))
        {
            reachableSince = null;
            throw;
        }

        reachableSince ??= now;
        var scan = WatchdogScan.Nothing;
        foreach (var run in runs)
        {
            scan = run.Status == RunStatus.Running
                ? Add(scan, await CheckSlicesAsync(run, now, ct).ConfigureAwait(false))
                : Add(scan, await CheckReportingAsync(run, now, ct).ConfigureAwait(false));
        }

        reportRequested.Keys.Where(id => runs.All(r => r.RunId != id)).ToList().ForEach(id => reportRequested.Remove(id));
        return scan;
    }

    private async Task<WatchdogScan> CheckSlicesAsync(RunRecord run, DateTimeOffset now, CancellationToken ct)
    {
        var slices = await store.GetSlicesAsync(run.RunId, ct).ConfigureAwait(false);
        var started = await OpenBarrierAsync(run, slices, now, ct).ConfigureAwait(false);
        var changed = new List<SliceRecord>();
        var (lost, cancelled, handedOver) = (0, 0, 0);
        foreach (var slice in slices.Where(s => !SliceStatus.IsTerminal(s.Status)))
        {
            if (slice.Status == SliceStatus.Running && run.CancelRequestedAt is null && NeedsHandover(slice, now)
                && !SilentFor(slice, now, settings.HeartbeatExpiry))
            {
                handedOver += await HandOverAsync(run, slice, now, ct).ConfigureAwait(false) ? 1 : 0;
                continue;
            }

            if (slice.Status == SliceStatus.Running && SilentFor(slice, now, settings.HeartbeatExpiry))
            {
                slice.Status = SliceStatus.Lost;
                slice.Error = $"no heartbeat from {slice.Runner ?? "its runner"} since {Clock(slice.Heartbeat)}, more than two leases ({settings.HeartbeatExpiry.TotalSeconds:0} s)";
                lost++;
            }
            else if (slice.Status == SliceStatus.Pending && run.CancelRequestedAt is not null)
            {
                slice.Status = SliceStatus.Cancelled;
                cancelled++;
            }
            else
            {
                continue;
            }

            slice.EndedAt = now;
            if (await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false))
            {
                logger.LogWarning("Run {RunId}: slice {Index} {Status} ({Error}).", run.RunId, slice.Index, slice.Status, slice.Error);
                changed.Add(slice);
            }
        }

        foreach (var slice in changed)
        {
            await SendEventAsync(slice, ct).ConfigureAwait(false);
        }

        // Every slice finished but the run did not move on: the last slice event went missing (a runner died between
        // its row update and its message). CollectSlice recounts the rows, so a repeated event is harmless.
        var nudge = changed.Count == 0
            && slices.Count >= run.SliceCount
            && slices.All(s => SliceStatus.IsTerminal(s.Status))
            && now - (slices.Max(s => s.EndedAt) ?? now) > settings.VisibilityTimeout;
        if (nudge)
        {
            logger.LogWarning("Run {RunId}: every slice is finished but the run is still running; nudging CollectSlice.", run.RunId);
            await SendEventAsync(slices[^1], ct).ConfigureAwait(false);
        }

        return new WatchdogScan(changed.Count(s => s.Status == SliceStatus.Lost), changed.Count(s => s.Status == SliceStatus.Cancelled), nudge ? 1 : 0, 0, handedOver, started ? 1 : 0);
    }

    /// <summary>Sets the run's start when its barrier opens; a conditional update, so of several hosts one sets it, once.</summary>
    private async Task<bool> OpenBarrierAsync(RunRecord run, IReadOnlyList<SliceRecord> slices, DateTimeOffset now, CancellationToken ct)
    {
        var decision = StartBarrier.Decide(run, slices, now, settings.HeartbeatTimeout, settings.LeadTime);
        if (decision.StartAt is not { } startAt)
        {
            return false;
        }

        var (stored, changed) = await store.UpdateRunAsync(
            run.RunId,
            r =>
            {
                if (r.StartAt is not null || r.Status != RunStatus.Running)
                {
                    return false;
                }

                r.StartAt = startAt;
                r.StartNote = decision.Note;
                return true;
            },
            ct).ConfigureAwait(false);
        if (changed && stored is not null)
        {
            run.StartAt = stored.StartAt;
            run.ETag = stored.ETag;
            logger.Log(decision.LateSlices.Count == 0 ? LogLevel.Information : LogLevel.Warning, "Run {RunId} starts at {StartAt:O}: {Note}.", run.RunId, startAt, decision.Note);
        }

        return changed;
    }

    /// <summary>
    /// Silent for the heartbeat timeout, and not handed over for this silence yet: never for this attempt, or the
    /// attempt heartbeated after the last handover (it was only slow, and a runner dropped that message as a duplicate),
    /// or the last handover is so old that no runner can have taken it.
    /// </summary>
    private bool NeedsHandover(SliceRecord slice, DateTimeOffset now) =>
        SilentFor(slice, now, settings.HeartbeatTimeout)
        && (slice.HandoverRequestedFor != slice.Attempt
            || slice.HandoverRequestedAt is not { } requested
            || slice.Heartbeat > requested
            || now - requested > 4 * settings.HeartbeatTimeout);

    private async Task<bool> HandOverAsync(RunRecord run, SliceRecord slice, DateTimeOffset now, CancellationToken ct)
    {
        slice.HandoverRequestedAt = now;
        slice.HandoverRequestedFor = slice.Attempt;
        if (!await store.TryUpdateSliceAsync(slice, ct).ConfigureAwait(false))
        {
            return false;
        }

        await store.SendAsync(store.QueueNames.Slices, new SliceMessage(run.RunId, slice.Index, run.SliceCount, run.StartAt), null, ct).ConfigureAwait(false);
        logger.LogWarning(
            "Run {RunId}: slice {Index} attempt {Attempt} on {Runner} missed its heartbeats since {Heartbeat}; handing it to another runner.",
            run.RunId, slice.Index, slice.Attempt, slice.Runner, Clock(slice.Heartbeat));
        return true;
    }

    /// <summary>
    /// No heartbeat for <paramref name="silence"/>, counted from when this host could last see storage (an outage
    /// silences every runner, so silence during it says nothing).
    /// </summary>
    private bool SilentFor(SliceRecord slice, DateTimeOffset now, TimeSpan silence)
    {
        var lastSign = slice.Heartbeat ?? slice.StartedAt ?? DateTimeOffset.MinValue;
        var watchedFrom = reachableSince is { } since && since > lastSign ? since : lastSign;
        return now - watchedFrom > silence;
    }

    private async Task<WatchdogScan> CheckReportingAsync(RunRecord run, DateTimeOffset now, CancellationToken ct)
    {
        var since = reportRequested.TryGetValue(run.RunId, out var requested)
            ? requested
            : Latest(run.EndedAt ?? run.StartAt ?? run.CreatedAt, reachableSince ?? now);
        if (now - since <= ReportingPatience)
        {
            return WatchdogScan.Nothing;
        }

        logger.LogWarning("Run {RunId} has been reporting since {Since:O}; requesting its report again.", run.RunId, since);
        await store.SendAsync(store.QueueNames.Reports, new ReportMessage(run.RunId), null, ct).ConfigureAwait(false);
        reportRequested[run.RunId] = now;
        return new WatchdogScan(0, 0, 0, 1);
    }

    private Task SendEventAsync(SliceRecord slice, CancellationToken ct) =>
        store.SendAsync(
            store.QueueNames.SliceEvents,
            new SliceEventMessage(slice.RunId, slice.Index, slice.Attempt, slice.Status, slice.Requests, slice.Failures, slice.Error),
            null,
            ct);

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Clock(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "its start";

    private static WatchdogScan Add(WatchdogScan a, WatchdogScan b) =>
        new(a.LostSlices + b.LostSlices, a.CancelledSlices + b.CancelledSlices, a.Nudges + b.Nudges, a.ReportsRequested + b.ReportsRequested, a.HandedOver + b.HandedOver, a.RunsStarted + b.RunsStarted);
}
